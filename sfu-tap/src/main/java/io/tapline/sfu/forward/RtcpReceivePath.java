package io.tapline.sfu.forward;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.FullIntraRequest;
import io.tapline.pipeline.rtcp.GenericNack;
import io.tapline.pipeline.rtcp.PictureLossIndication;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SdesChunk;
import io.tapline.pipeline.rtcp.SdesItem;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtcp.SourceDescription;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.sfu.tap.TrackTap;
import io.tapline.sfu.transport.DatagramHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The receive path of a track's RTCP port (and of RTCP multiplexed on its RTP port):
 *
 * <pre>
 * datagram -> parse compound (io.tapline.pipeline.rtcp) -> per packet:
 *   SR from the publisher  -> learn its RTCP address, relay restated per subscriber, tap
 *   RR, SDES, BYE, APP, other feedback -> absorbed (the SFU terminates RTCP)
 *   PLI/FIR for a subscriber's SSRC    -> merged, rate-limited PLI to the publisher
 *   NACK for a subscriber's SSRC       -> retransmit from the track's packet cache (plain RTP: same
 *                                         SSRC; WebRTC: RTX, {@link RtxRetransmitter})
 * </pre>
 *
 * <p>The whole compound is parsed before any packet is acted on, so a damaged datagram is dropped
 * whole under the parser's reason. RTCP is low-rate (a few compounds a second per track): parsing
 * into records allocates, the RTP path does not.
 */
final class RtcpReceivePath implements DatagramHandler {
  /** RTCP packet types are 192-223 (RFC 5761 section 4); anything else on this path is not RTCP. */
  static final String NOT_RTCP = "rtcp.type";
  /** The longest SDES item value (RFC 3550 section 6.5): longer participant ids are cut. */
  private static final int MAX_CNAME = 255;

  private final PublishedTrack track;
  private final TrafficMeters meters;
  private final SdesItem cname;
  private final RtxRetransmitter rtx;
  private InetSocketAddress source;
  private long nowNanos;
  private boolean fromPublisher;
  private long absorbed;

  RtcpReceivePath(PublishedTrack track, RtxConfig rtx) {
    this.track = track;
    this.rtx = new RtxRetransmitter(track, rtx);
    this.meters = track.conversation.meters;
    byte[] id = track.spec.participantId().getBytes(StandardCharsets.UTF_8);
    this.cname = new SdesItem(SdesItem.CNAME, Arrays.copyOf(id, Math.min(id.length, MAX_CNAME)));
  }

  @Override
  public void onDatagram(byte[] buf, int length, InetSocketAddress from, long now) {
    meters.received(length);
    source = from;
    nowNanos = now;
    fromPublisher = false;
    List<RtcpPacket> packets;
    try {
      packets = RtcpCompound.parse(buf, 0, length);
    } catch (MalformedPacketException e) {
      meters.drop(e.reason());
      return;
    }
    for (RtcpPacket p : packets) {
      if (p.packetType() < 192 || p.packetType() > 223) {
        meters.drop(NOT_RTCP);
        return;
      }
    }
    for (RtcpPacket p : packets) {
      packet(p);
    }
    TrackTap tap = track.tap;
    if (fromPublisher && tap != null) {
      tap.record(RecordType.RTCP, track.clock.micros(now), buf, 0, length);
    }
  }

  private void packet(RtcpPacket p) {
    if (p instanceof SenderReport sr) {
      senderReport(sr);
    } else if (p instanceof PictureLossIndication pli) {
      keyframeRequest(pli.mediaSsrc());
    } else if (p instanceof FullIntraRequest fir) {
      fullIntraRequest(fir);
    } else if (p instanceof GenericNack nack) {
      nack(nack);
    } else {
      absorbed++; // RR, SDES, BYE, APP, REMB, transport-cc: the SFU terminates them
    }
  }

  private void senderReport(SenderReport sr) {
    SourceLatch latch = track.latch;
    int layer = -1;
    if (track.layers != null) {
      for (int i = 0; i < track.layers.size() && layer < 0; i++) {
        if (track.layers.layer(i).latch.ssrc() == sr.ssrc()) {
          layer = i;
        }
      }
      latch = layer < 0 ? latch : track.layers.layer(layer).latch;
    }
    InetSocketAddress publisher = latch.source();
    if (sr.ssrc() != latch.ssrc() || publisher == null) {
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
    // a simulcast layer's report reaches only the subscribers that get that layer now
    int epoch = layer < 0 ? latch.epoch() : SimulcastLayers.key(layer, latch.epoch());
    byte[] out = track.rtcpScratch();
    int sent = 0;
    long bytes = 0;
    for (Subscription s : track.subscriptions) {
      SenderReport restated = s.translate(sr, epoch);
      if (restated == null) {
        continue;
      }
      int n = restated.writeTo(out, 0);
      // a compound needs an SDES CNAME (RFC 3550 section 6.1)
      n += new SourceDescription(List.of(new SdesChunk(s.outSsrc, List.of(cname)))).writeTo(out, n);
      if (s.sink.sendRtcp(out, n)) {
        sent++;
        bytes += n;
      }
    }
    if (sent > 0) {
      meters.sent(sent, bytes);
    }
  }

  /** A FIR names the SSRCs to refresh in its entries (its media SSRC field is unused). */
  private void fullIntraRequest(FullIntraRequest fir) {
    for (FullIntraRequest.Entry e : fir.entries()) {
      Subscription s = track.byOutSsrc.get(e.ssrc());
      if (s != null) {
        track.requestKeyframe(s, nowNanos);
        return;
      }
    }
    meters.drop(DropReasons.RTCP_UNKNOWN_SSRC);
  }

  private void keyframeRequest(long mediaSsrc) {
    Subscription s = track.byOutSsrc.get(mediaSsrc);
    if (s == null) {
      meters.drop(DropReasons.RTCP_UNKNOWN_SSRC);
      return;
    }
    track.requestKeyframe(s, nowNanos);
  }

  private void nack(GenericNack nack) {
    Subscription s = track.byOutSsrc.get(nack.mediaSsrc());
    if (s == null) {
      meters.drop(DropReasons.RTCP_UNKNOWN_SSRC);
      return;
    }
    if (!s.nack) {
      meters.drop(DropReasons.NACK_UNSERVED);
      return;
    }
    meters.nackReceived(nack.lostSequenceNumbers().size());
    for (int outSeq : nack.lostSequenceNumbers()) {
      if (s.rtx != null) {
        rtx.resend(s, outSeq, nowNanos);
      } else {
        retransmit(s, outSeq);
      }
    }
  }

  private void retransmit(Subscription s, int outSeq) {
    int inSeq = s.inputSeq(outSeq);
    long ssrc = track.latch.ssrc();
    if (track.layers != null) {
      int layer = s.layers == null ? -1 : s.layers.current();
      ssrc = layer < 0 ? -1 : track.layers.layer(layer).latch.ssrc();
    }
    int slot = inSeq < 0 || ssrc < 0 ? -1 : track.cache.find(inSeq, ssrc, s.epoch());
    if (slot < 0) {
      meters.drop(DropReasons.NACK_UNSERVED);
      return;
    }
    int length = track.cache.length(slot);
    byte[] out = track.scratch(length);
    System.arraycopy(track.cache.data(slot), 0, out, 0, length);
    if (s.rewrite(out, 0, inSeq, rtpTimestamp(out), s.epoch(), nowNanos, true) && s.sink.sendRtp(out, length)) {
      meters.sent(1, length);
    }
  }

  /** The timestamp field of an RTP header at {@code b[0]} (RFC 3550 section 5.1). */
  static long rtpTimestamp(byte[] b) {
    return ((b[4] & 0xffL) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
  }

  long absorbed() {
    return absorbed;
  }
}
