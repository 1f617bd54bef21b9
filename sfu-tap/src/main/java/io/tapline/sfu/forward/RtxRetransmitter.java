package io.tapline.sfu.forward;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.ext.AbsSendTime;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;

/**
 * Answers a WebRTC subscriber's generic NACK (RFC 4585 section 6.2.1) with RTX (RFC 4588):
 *
 * <pre>
 * NACKed output seq -> SentHistory (source seq, SSRC, epoch key, output timestamp, VP8 shifts)
 *   -> not sent recently (RtxConfig.minInterval)      else rtx.repeat
 *   -> the track's PacketCache                         else rtx.missed
 *   -> restated as first sent (seq, ts, SSRC, extension ids, VP8 picture ids; abs-send-time now)
 *   -> byte budget: min(maxBitrate, estimateShare x downlink estimate)  else rtx.rate_limited
 *   -> wrapped as RTX (RTX SSRC, its own seq, OSN, RTX payload type) -> the subscriber's sink (SRTP)
 * </pre>
 *
 * Track I/O thread only (the NACK comes through the track's {@link RtcpReceivePath}).
 */
final class RtxRetransmitter {
  /** A NACKed packet no longer (or never) in the subscription's history or the track's cache. */
  static final String MISSED = "rtx.missed";
  /** Resending would exceed the subscriber's retransmission budget. */
  static final String RATE_LIMITED = "rtx.rate_limited";
  /** The packet was resent less than {@code minInterval} ago. */
  static final String REPEAT = "rtx.repeat";

  private final PublishedTrack track;
  private final TrafficMeters meters;
  private final RtxConfig config;
  private byte[] rtxOut = new byte[1500 + RtxPackets.OVERHEAD];

  RtxRetransmitter(PublishedTrack track, RtxConfig config) {
    this.track = track;
    this.meters = track.conversation.meters;
    this.config = config;
  }

  /** Resends {@code outSeq} of {@code s} (which has an RTX stream); true when it went out. */
  boolean resend(Subscription s, int outSeq, long nowNanos) {
    RtxStream rtx = s.rtx;
    SentHistory history = rtx.history;
    int sent = history.find(outSeq);
    if (sent < 0) {
      meters.drop(MISSED);
      return false;
    }
    int slot = track.cache.find(history.inSeq(sent), history.ssrc(sent), history.epoch(sent));
    if (slot < 0) {
      meters.drop(MISSED);
      return false;
    }
    int length = track.cache.length(slot);
    long bytesPerSecond = Math.min(config.maxBitrate(),
        s.connection != null ? (long) (s.connection.downlinkEstimateBps(nowNanos) * config.estimateShare())
            : config.maxBitrate()) / 8;
    if (history.resentWithin(sent, nowNanos, config.minInterval().toNanos())) {
      meters.drop(REPEAT);
      return false;
    }
    if (!rtx.budget.take(length + RtxPackets.OVERHEAD, bytesPerSecond, nowNanos)) {
      meters.drop(RATE_LIMITED);
      return false;
    }
    history.resent(sent, nowNanos);
    byte[] out = track.scratch(length);
    System.arraycopy(track.cache.data(slot), 0, out, 0, length);
    s.restate(out, 0, length, outSeq, history.outTimestamp(sent));
    RtpPacket packet;
    try {
      packet = RtpPacket.parse(out, 0, length);
    } catch (MalformedPacketException e) {
      meters.drop(e.reason()); // cached packets were parsed on arrival: not expected
      return false;
    }
    int payloadAt = packet.payloadOffset();
    if (s.vp8 != null) {
      Vp8PictureIds.shift(out, payloadAt, packet.payloadLength(), history.pidDelta(sent), history.tl0Delta(sent));
    }
    restampAbsSendTime(s, packet, nowNanos);
    if (rtxOut.length < length + RtxPackets.OVERHEAD) {
      rtxOut = new byte[length + RtxPackets.OVERHEAD];
    }
    int n = RtxPackets.wrap(out, length, payloadAt, rtxOut, rtx.payloadType, rtx.nextSeq(), rtx.ssrc);
    if (!s.sink.sendRtp(rtxOut, n)) {
      return false;
    }
    meters.sent(1, n);
    meters.rtxSent();
    return true;
  }

  /** Our send time, as on every packet forwarded to a WebRTC subscriber (its REMB measures our path). */
  private static void restampAbsSendTime(Subscription s, RtpPacket packet, long nowNanos) {
    java.util.Map<String, Integer> ids = s.connection == null ? null : s.connection.extensionIds();
    Integer id = ids == null ? null : ids.get(ExtensionMap.ABS_SEND_TIME);
    if (id == null || !packet.hasExtension()) {
      return;
    }
    try {
      HeaderExtensions ext = packet.headerExtensions();
      int i = ext.find(id);
      if (i >= 0 && ext.length(i) == AbsSendTime.LENGTH) {
        int at = ext.offset(i);
        int v = AbsSendTime.fromMicros(nowNanos / 1000);
        byte[] b = packet.buffer();
        b[at] = (byte) (v >>> 16);
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) v;
      }
    } catch (MalformedPacketException e) {
      // leave the publisher's value: the packet still carries the media
    }
  }
}
