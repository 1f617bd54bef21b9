package io.tapline.sfu.forward;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.sfu.rtcp.Feedback;
import io.tapline.sfu.rtcp.RtcpCompound;
import io.tapline.sfu.rtcp.SenderReport;
import io.tapline.sfu.tap.TrackTap;
import io.tapline.sfu.transport.DatagramHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The receive path of a track's RTCP port (and of RTCP multiplexed on its RTP port):
 *
 * <pre>
 * datagram -> validate compound -> per packet:
 *   SR from the publisher  -> learn its RTCP address, relay restated per subscriber, tap
 *   RR, SDES, BYE, APP     -> absorbed (the SFU terminates RTCP)
 *   PLI/FIR for a subscriber's SSRC -> merged, rate-limited PLI to the publisher
 *   NACK for a subscriber's SSRC    -> retransmit from the track's packet cache
 * </pre>
 */
final class RtcpReceivePath implements DatagramHandler {
  private final PublishedTrack track;
  private final TrafficMeters meters;
  private final RtcpCompound.Visitor visitor = this::packet;
  private final byte[] cname;
  private InetSocketAddress source;
  private long nowNanos;
  private boolean fromPublisher;
  private long absorbed;

  RtcpReceivePath(PublishedTrack track) {
    this.track = track;
    this.meters = track.conversation.meters;
    this.cname = track.spec.participantId().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void onDatagram(byte[] buf, int length, InetSocketAddress from, long now) {
    meters.received(length);
    source = from;
    nowNanos = now;
    fromPublisher = false;
    try {
      RtcpCompound.walk(buf, 0, length, visitor);
    } catch (MalformedPacketException e) {
      meters.drop(e.reason());
      return;
    }
    TrackTap tap = track.tap;
    if (fromPublisher && tap != null) {
      tap.record(RecordType.RTCP, track.clock.micros(now), buf, 0, length);
    }
  }

  private void packet(int type, int format, byte[] b, int offset, int length) {
    switch (type) {
      case RtcpCompound.SR -> senderReport(b, offset, length);
      case RtcpCompound.PSFB -> {
        if (length < Feedback.HEADER) {
          meters.drop("rtcp.feedback_truncated");
        } else if (format == Feedback.FMT_PLI) {
          keyframeRequest(Feedback.mediaSsrc(b, offset));
        } else if (format == Feedback.FMT_FIR) {
          keyframeRequest(Feedback.firTargetSsrc(b, offset, length));
        } else {
          absorbed++;
        }
      }
      case RtcpCompound.RTPFB -> {
        if (length < Feedback.HEADER) {
          meters.drop("rtcp.feedback_truncated");
        } else if (format == Feedback.FMT_NACK) {
          nack(b, offset, length);
        } else {
          absorbed++;
        }
      }
      default -> absorbed++; // RR, SDES, BYE, APP: the SFU terminates them
    }
  }

  private void senderReport(byte[] b, int offset, int length) {
    SenderReport sr;
    try {
      sr = SenderReport.read(b, offset, length);
    } catch (MalformedPacketException e) {
      meters.drop(e.reason());
      return;
    }
    InetSocketAddress publisher = track.latch.source();
    if (sr.ssrc() != track.latch.ssrc() || publisher == null) {
      meters.drop(DropReasons.RTCP_UNKNOWN_SSRC);
      return;
    }
    if (!publisher.getAddress().equals(source.getAddress())) {
      meters.drop(DropReasons.WRONG_SOURCE);
      return;
    }
    fromPublisher = true;
    track.publisherRtcp = source;
    if (track.muted) {
      return;
    }
    int epoch = track.latch.epoch();
    byte[] out = track.rtcpScratch();
    int sent = 0;
    long bytes = 0;
    for (Subscription s : track.subscriptions) {
      SenderReport restated = s.translate(sr, epoch);
      if (restated == null || s.rtcpDestination == null) {
        continue;
      }
      int n = restated.write(out, 0);
      n += Feedback.writeSdesCname(out, n, s.outSsrc, cname); // a compound needs an SDES CNAME (RFC 3550 6.1)
      if (track.sendRtcp(n, s.rtcpDestination)) {
        sent++;
        bytes += n;
      }
    }
    if (sent > 0) {
      meters.sent(sent, bytes);
    }
  }

  private void keyframeRequest(long mediaSsrc) {
    if (track.byOutSsrc.get(mediaSsrc) == null) {
      meters.drop(DropReasons.RTCP_UNKNOWN_SSRC);
      return;
    }
    track.keyframes.request(nowNanos);
  }

  private void nack(byte[] b, int offset, int length) {
    Subscription s = track.byOutSsrc.get(Feedback.mediaSsrc(b, offset));
    if (s == null) {
      meters.drop(DropReasons.RTCP_UNKNOWN_SSRC);
      return;
    }
    if (!s.nack) {
      meters.drop(DropReasons.NACK_UNSERVED);
      return;
    }
    Feedback.forEachNacked(b, offset, length, outSeq -> retransmit(s, outSeq));
  }

  private void retransmit(Subscription s, int outSeq) {
    int inSeq = s.inputSeq(outSeq);
    int slot = inSeq < 0 ? -1 : track.cache.find(inSeq, track.latch.ssrc(), s.epoch());
    if (slot < 0) {
      meters.drop(DropReasons.NACK_UNSERVED);
      return;
    }
    int length = track.cache.length(slot);
    byte[] out = track.scratch(length);
    System.arraycopy(track.cache.data(slot), 0, out, 0, length);
    long ts = RtcpCompound.u32(out, 4);
    if (s.rewrite(out, 0, inSeq, ts, s.epoch(), nowNanos, true) && track.sendRtp(length, s.rtpDestination)) {
      meters.sent(1, length);
    }
  }

  long absorbed() {
    return absorbed;
  }
}
