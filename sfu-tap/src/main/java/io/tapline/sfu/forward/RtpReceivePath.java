package io.tapline.sfu.forward;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.sfu.speaker.AudioLevelReader;
import io.tapline.sfu.tap.TrackTap;
import io.tapline.sfu.transport.DatagramHandler;
import java.net.InetSocketAddress;

/**
 * The receive path of a track's RTP port, in order:
 *
 * <pre>
 * datagram -> [rtcp-mux?] -> parse -> source/SSRC latch -> payload type -> first-packet event
 *          -> mute gate -> NACK cache -> audio level -> tap -> fan-out (rewrite per subscriber, send)
 * </pre>
 *
 * Every packet that stops early is counted under its reason in the conversation's meters.
 */
final class RtpReceivePath implements DatagramHandler {
  private final PublishedTrack track;
  private final DatagramHandler rtcpPath;
  private final TrafficMeters meters;

  RtpReceivePath(PublishedTrack track, DatagramHandler rtcpPath) {
    this.track = track;
    this.rtcpPath = rtcpPath;
    this.meters = track.conversation.meters;
  }

  @Override
  public void onDatagram(byte[] buf, int length, InetSocketAddress source, long nowNanos) {
    if (isRtcp(buf, length)) {
      track.rtcpMux = true; // RFC 5761: RTCP on the RTP port
      rtcpPath.onDatagram(buf, length, source, nowNanos);
      return;
    }
    meters.received(length);
    RtpPacket packet;
    try {
      packet = RtpPacket.parse(buf, 0, length);
    } catch (MalformedPacketException e) {
      meters.drop(e.reason());
      return;
    }
    String reason = track.latch.admit(source, packet.ssrc(), nowNanos);
    if (reason == null && packet.payloadType() != track.spec.payloadType()) {
      reason = DropReasons.UNEXPECTED_PAYLOAD_TYPE;
    }
    if (reason != null) {
      meters.drop(reason);
      return;
    }
    if (!track.started) {
      track.started = true;
      track.events.trackStarted(track);
    }
    if (track.muted) {
      meters.drop(DropReasons.MUTED);
      return;
    }
    int epoch = track.latch.epoch();
    if (track.nackWanted) {
      track.cache.store(buf, 0, length, packet.sequenceNumber(), packet.ssrc(), epoch);
    }
    if (track.audioLevel != null) {
      int level = track.audioLevel.level(packet);
      if (level != AudioLevelReader.NONE) {
        track.conversation.speaker.level(track.spec.participantId(), level, nowNanos);
      }
    }
    TrackTap tap = track.tap;
    if (tap != null) {
      tap.record(RecordType.RTP, track.clock.micros(nowNanos), buf, 0, length);
    }
    fanOut(buf, length, packet.sequenceNumber(), packet.timestamp(), packet.payloadLength(), epoch, nowNanos);
  }

  // Takes the header fields, not the RtpPacket, so the parsed view stays local to onDatagram and
  // the JIT can scalar-replace it (no allocation per packet; see BENCHMARKS.md, load generator).
  private void fanOut(byte[] buf, int length, int seq, long ts, int payloadLength, int epoch, long nowNanos) {
    Subscription[] subs = track.subscriptions;
    if (subs.length == 0) {
      return;
    }
    byte[] out = track.scratch(length);
    int sent = 0;
    for (Subscription s : subs) {
      System.arraycopy(buf, 0, out, 0, length);
      if (!s.rewrite(out, 0, seq, ts, epoch, nowNanos, false)) {
        meters.drop(DropReasons.BEFORE_REBASE);
        continue;
      }
      if (s.sink.sendRtp(out, length)) {
        s.sent(payloadLength, nowNanos);
        sent++;
      }
    }
    if (sent > 0) {
      meters.sent(sent, (long) sent * length);
    }
  }

  /** RFC 5761 section 4: packet types 192-223 are RTCP. */
  static boolean isRtcp(byte[] b, int length) {
    if (length < 4 || (b[0] & 0xc0) != 0x80) {
      return false;
    }
    int pt = b[1] & 0xff;
    return pt >= 192 && pt <= 223;
  }
}
