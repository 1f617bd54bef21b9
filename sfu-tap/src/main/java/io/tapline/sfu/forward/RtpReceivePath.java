package io.tapline.sfu.forward;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.ext.AbsSendTime;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.sfu.speaker.AudioLevelReader;
import io.tapline.sfu.tap.TrackTap;
import io.tapline.sfu.transport.DatagramHandler;
import java.net.InetSocketAddress;

/**
 * The receive path of a track's RTP port, in order:
 *
 * <pre>
 * datagram -> [rtcp-mux?] -> parse -> [simulcast: layer by SSRC or rid] -> source/SSRC latch
 *          -> payload type -> first-packet event -> mute gate -> NACK cache -> audio level -> tap
 *          -> fan-out (per subscriber: [simulcast: its layer, switching at keyframes] rewrite, send)
 * </pre>
 *
 * <p>A video subscriber whose sink refused packets (a WebRTC connection before its DTLS completed,
 * or after its consent expired) gets a keyframe requested when its packets go out again: what it
 * missed cannot be decoded from.
 *
 * <p>A simulcast track's layers are separate RTP streams: each subscriber (and the tap) takes one
 * at a time, and its rewrite re-bases on a switch so it sees one continuous stream.
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
    SourceLatch latch = track.latch;
    int layer = 0;
    if (track.layers != null) {
      try {
        layer = track.layers.layerOf(packet);
      } catch (MalformedPacketException e) {
        meters.drop(e.reason());
        return;
      }
      if (layer < 0) {
        meters.drop(DropReasons.UNKNOWN_LAYER);
        return;
      }
      latch = track.layers.layer(layer).latch;
    }
    String reason = latch.admit(source, packet.ssrc(), nowNanos);
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
    int epoch = latch.epoch();
    boolean keyframeStart = false;
    if (track.layers != null) {
      epoch = SimulcastLayers.key(layer, epoch);
      track.layers.received(layer, length, nowNanos);
      keyframeStart = track.layers.layer(layer).boundary.isKeyframeStart(packet);
    }
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
    if (tap != null && (track.layers == null || tapTakes(layer, keyframeStart))) {
      tap.record(RecordType.RTP, track.clock.micros(nowNanos), buf, 0, length);
    }
    Subscription[] subs = track.subscriptions;
    if (subs.length == 0) {
      return;
    }
    int payloadAt = packet.payloadOffset() - packet.offset();
    // Parsed only when a WebRTC subscriber will get our send time (plain-RTP fan-out allocates nothing)
    int absSendTimeAt = track.absSendTimeId > 0 && anyConnection(subs) ? absSendTimeOffset(packet) : -1;
    fanOut(subs, buf, length, packet.sequenceNumber(), packet.timestamp(), packet.ssrc(), payloadAt,
        packet.payloadLength(), epoch, layer, keyframeStart, absSendTimeAt, nowNanos);
  }

  private boolean tapTakes(int layer, boolean keyframeStart) {
    LayerSwitch s = track.layers.tapSwitch();
    long before = s.switches();
    boolean take = s.accept(layer, keyframeStart);
    if (s.switches() != before) {
      meters.layerSwitched();
    }
    return take;
  }

  // Takes the header fields, not the RtpPacket, so the parsed view stays local to onDatagram and
  // the JIT can scalar-replace it (no allocation per packet; see BENCHMARKS.md, load generator).
  // absSendTimeAt: offset of the abs-send-time element in the packet, or -1.
  private void fanOut(Subscription[] subs, byte[] buf, int length, int seq, long ts, long ssrc, int payloadAt,
      int payloadLength, int epoch, int layer, boolean keyframeStart, int absSendTimeAt, long nowNanos) {
    byte[] out = track.scratch(length);
    int sent = 0;
    for (Subscription s : subs) {
      if (s.layers != null) {
        long before = s.layers.switches();
        if (!s.layers.accept(layer, keyframeStart)) {
          continue; // another layer's packet, or the target's before its keyframe
        }
        if (s.layers.switches() != before) {
          meters.layerSwitched();
        }
      }
      System.arraycopy(buf, 0, out, 0, length);
      if (!s.rewrite(out, 0, seq, ts, epoch, nowNanos, false)) {
        meters.drop(DropReasons.BEFORE_REBASE);
        continue;
      }
      if (s.vp8 != null) {
        s.vp8.rewrite(out, payloadAt, payloadLength);
      }
      if (s.connection != null && absSendTimeAt >= 0) {
        // our send time: the subscriber's REMB estimator measures our path
        int v = AbsSendTime.fromMicros(nowNanos / 1000);
        out[absSendTimeAt] = (byte) (v >>> 16);
        out[absSendTimeAt + 1] = (byte) (v >>> 8);
        out[absSendTimeAt + 2] = (byte) v;
      }
      if (s.rtx != null) {
        s.rtx.history.sent(((out[2] & 0xff) << 8) | (out[3] & 0xff), seq, ssrc, epoch, RtcpReceivePath.rtpTimestamp(out),
            s.vp8 != null ? s.vp8.pidDelta() : 0, s.vp8 != null ? s.vp8.tl0Delta() : 0);
      }
      if (s.sink.sendRtp(out, length)) {
        s.sent(payloadLength, nowNanos);
        sent++;
        if (s.deliveredAfterRefusals() && track.spec.isVideo()) {
          track.requestKeyframe(s, nowNanos); // it can only decode from a keyframe sent from now on
        }
      } else {
        s.refused();
      }
    }
    if (sent > 0) {
      meters.sent(sent, (long) sent * length);
    }
  }

  private static boolean anyConnection(Subscription[] subs) {
    for (Subscription s : subs) {
      if (s.connection != null) {
        return true;
      }
    }
    return false;
  }

  private int absSendTimeOffset(RtpPacket packet) {
    if (!packet.hasExtension()) {
      return -1;
    }
    try {
      HeaderExtensions ext = packet.headerExtensions();
      int i = ext.find(track.absSendTimeId);
      return i < 0 || ext.length(i) != AbsSendTime.LENGTH ? -1 : ext.offset(i) - packet.offset();
    } catch (MalformedPacketException e) {
      return -1;
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
