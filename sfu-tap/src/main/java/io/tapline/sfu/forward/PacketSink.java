package io.tapline.sfu.forward;

/**
 * Where the forwarding core sends one subscriber's packets of a track (or its feedback to a
 * publisher): plain UDP from the track's ports, or a WebRTC connection that protects them with
 * SRTP and sends them from the node's shared port. Called on a track's I/O thread, possibly from
 * several I/O threads at once (one subscriber gets tracks served by different loops);
 * {@code buf[0, len)} may be reused after the call.
 */
public interface PacketSink {
  /** Sends one RTP packet; false when it did not go out (counted by the sink's owner). */
  boolean sendRtp(byte[] buf, int len);

  /** Sends one RTCP compound; false when it did not go out. */
  boolean sendRtcp(byte[] buf, int len);
}
