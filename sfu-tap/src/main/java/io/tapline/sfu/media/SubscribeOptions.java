package io.tapline.sfu.media;

import java.net.InetSocketAddress;

/**
 * How a subscriber wants a track delivered: to plain RTP addresses, or over one of its
 * {@link MediaConnection}s.
 *
 * @param rtpDestination where the SFU sends RTP for this track (plain RTP), null with a connection
 * @param rtcpDestination where it sends RTCP (sender reports), null for rtp port + 1
 * @param nack whether the subscriber sends generic NACKs and wants retransmissions
 * @param connection the connection that carries the track to the subscriber, or null for plain RTP
 * @param ssrc the SSRC the subscriber was told (in its SDP) this track arrives with, or null to
 *     let the media plane choose
 * @param rtx where NACKed packets are resent (RFC 4588 RTX: its SSRC and payload type, as the
 *     subscriber's SDP announced them), or null: plain RTP subscribers with {@code nack} get the
 *     packet again on the original SSRC
 */
public record SubscribeOptions(InetSocketAddress rtpDestination, InetSocketAddress rtcpDestination, boolean nack,
    MediaConnection connection, Long ssrc, Rtx rtx) {

  /** An RTX stream (RFC 4588 section 8.6 and the SDP's {@code a=ssrc-group:FID}). */
  public record Rtx(long ssrc, int payloadType) {
    public Rtx {
      if (payloadType < 0 || payloadType > 127) {
        throw new IllegalArgumentException("RTX payload type must be 0-127: " + payloadType);
      }
    }
  }

  public SubscribeOptions(InetSocketAddress rtpDestination, InetSocketAddress rtcpDestination, boolean nack) {
    this(rtpDestination, rtcpDestination, nack, null, null, null);
  }

  /** A subscription over a connection, with the SSRC announced to the subscriber. */
  public static SubscribeOptions over(MediaConnection connection, long ssrc) {
    return new SubscribeOptions(null, null, false, connection, ssrc, null);
  }

  /** A subscription over a connection whose NACKs are answered on the given RTX stream. */
  public static SubscribeOptions over(MediaConnection connection, long ssrc, Rtx rtx) {
    return new SubscribeOptions(null, null, rtx != null, connection, ssrc, rtx);
  }
}
