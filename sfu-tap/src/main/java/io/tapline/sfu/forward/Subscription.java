package io.tapline.sfu.forward;

import io.tapline.pipeline.rtcp.SenderReport;
import java.util.List;

/**
 * One subscriber's view of a track: its own SSRC and continuous sequence numbers and timestamps.
 * Each time the track's epoch changes (first packet, publisher restart with a new SSRC, unmute)
 * the offsets are re-based so the output continues at the next sequence number with a timestamp
 * advanced by the wall time elapsed. I/O thread only.
 */
final class Subscription {
  final String subscriberId;
  final long outSsrc;
  final PacketSink sink;
  final ConnectionPort connection; // null for plain RTP
  final boolean nack;
  private final int clockRate;
  /** Set once, before the subscription is added: the connection's extension ids, or null (plain RTP). */
  ExtensionIdRewriter extensions;
  /** Set once, before the subscription is added: where NACKed packets are resent (WebRTC), or null. */
  RtxStream rtx;

  private int epoch = -1;
  private int seqDelta;
  private long tsDelta;
  private int baseInSeq;
  private int sinceRebase;
  private boolean started;
  private int highestOutSeq;
  private long highestOutTs;
  private long lastSentNanos;
  private long sentPackets;
  private long sentOctets;
  private boolean missedPackets;
  // simulcast tracks only: which layer flows, which is wanted, and picture-id continuity (VP8)
  LayerSwitch layers;
  LayerSelector selector;
  Vp8PictureIds vp8;

  Subscription(String subscriberId, long outSsrc, PacketSink sink, ConnectionPort connection, boolean nack,
      int clockRate, int initialSeq, long initialTs) {
    this.subscriberId = subscriberId;
    this.outSsrc = outSsrc;
    this.sink = sink;
    this.connection = connection;
    this.nack = nack;
    this.clockRate = clockRate;
    this.highestOutSeq = (initialSeq - 1) & 0xffff;
    this.highestOutTs = (initialTs - 1) & 0xffffffffL; // the first packet lands exactly on initialTs
  }

  /**
   * Rewrites the header of the packet copied into {@code out} (seq, timestamp, SSRC) for this
   * subscriber. Returns false when the packet must not be sent (older than the re-base point).
   */
  boolean rewrite(byte[] out, int offset, int inSeq, long inTs, int trackEpoch, long nowNanos, boolean retransmission) {
    if (epoch != trackEpoch) {
      if (retransmission) {
        return false;
      }
      rebase(inSeq, inTs, trackEpoch, nowNanos);
    }
    if (sinceRebase < 1024) { // 16-bit comparisons are only meaningful near the base
      if ((short) (inSeq - baseInSeq) < 0) {
        return false;
      }
      sinceRebase++;
    }
    int outSeq = (inSeq + seqDelta) & 0xffff;
    long outTs = (inTs + tsDelta) & 0xffffffffL;
    out[offset + 2] = (byte) (outSeq >>> 8);
    out[offset + 3] = (byte) outSeq;
    putU32(out, offset + 4, outTs);
    putU32(out, offset + 8, outSsrc);
    if (extensions != null) {
      extensions.rewrite(out, offset, out.length - offset);
    }
    if ((short) (outSeq - highestOutSeq) > 0) {
      highestOutSeq = outSeq;
      highestOutTs = outTs;
    }
    return true;
  }

  /**
   * Restates a cached source packet copied into {@code out[offset, offset + length)} exactly as it
   * was first sent under {@code outSeq} with {@code outTs} (a retransmission; offsets may have
   * been re-based since).
   */
  void restate(byte[] out, int offset, int length, int outSeq, long outTs) {
    out[offset + 2] = (byte) (outSeq >>> 8);
    out[offset + 3] = (byte) outSeq;
    putU32(out, offset + 4, outTs);
    putU32(out, offset + 8, outSsrc);
    if (extensions != null) {
      extensions.rewrite(out, offset, length);
    }
  }

  /** Makes this a subscription to a simulcast track: one layer at a time, chosen by {@code selector}. */
  void simulcast(LayerSelector selector, boolean vp8) {
    this.layers = new LayerSwitch();
    this.selector = selector;
    this.vp8 = vp8 ? new Vp8PictureIds() : null;
  }

  /** Counts a packet actually sent (for this subscriber's sender reports). */
  void sent(int payloadBytes, long nowNanos) {
    sentPackets++;
    sentOctets += payloadBytes;
    lastSentNanos = nowNanos;
  }

  /** Notes that a packet for this subscriber could not be sent (its connection not connected yet, or no more). */
  void refused() {
    missedPackets = true;
  }

  /**
   * Notes that a packet went out; returns true when packets had been refused before it: the
   * subscriber's decoder lost what it missed and needs a keyframe to start (again). A WebRTC
   * subscriber's connection usually completes DTLS after the subscribe, so the keyframe asked for
   * at the subscribe may have gone by before it could be sent, and not every peer asks for one
   * itself (aiortc 1.4 sends a PLI only when its jitter buffer overflows, not when it has nothing
   * to decode from).
   */
  boolean deliveredAfterRefusals() {
    boolean was = missedPackets;
    missedPackets = false;
    return was;
  }

  private void rebase(int inSeq, long inTs, int trackEpoch, long nowNanos) {
    long advance = started ? Math.max(1, (nowNanos - lastSentNanos) * clockRate / 1_000_000_000L) : 1;
    seqDelta = ((highestOutSeq + 1) - inSeq) & 0xffff;
    tsDelta = (highestOutTs + advance - inTs) & 0xffffffffL;
    baseInSeq = inSeq;
    sinceRebase = 0;
    epoch = trackEpoch;
    started = true;
    if (vp8 != null) {
      vp8.rebase();
    }
  }

  /** The publisher's sequence number of an output sequence number, for NACKs; -1 before the first packet. */
  int inputSeq(int outSeq) {
    return started ? (outSeq - seqDelta) & 0xffff : -1;
  }

  int epoch() {
    return epoch;
  }

  /** The publisher's report restated in this subscriber's SSRC, timestamps and counts; null if not yet mapped. */
  SenderReport translate(SenderReport fromPublisher, int trackEpoch) {
    if (epoch != trackEpoch) {
      return null;
    }
    return new SenderReport(outSsrc, fromPublisher.ntpTimestamp(), (fromPublisher.rtpTimestamp() + tsDelta) & 0xffffffffL,
        sentPackets & 0xffffffffL, sentOctets & 0xffffffffL, List.of());
  }

  long sentPackets() {
    return sentPackets;
  }

  private static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
