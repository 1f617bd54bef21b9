package io.tapline.sfu.webrtc.transport;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.TransportCcFeedback;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.SequenceNumberUnwrapper;
import io.tapline.pipeline.rtp.ext.TransportSequenceNumber;
import java.util.Arrays;

/**
 * Transport-wide congestion control feedback to a publisher
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1): records the arrival time of
 * every packet by its transport-wide sequence number (section 2) and, every {@link #INTERVAL_NANOS},
 * reports them in one feedback packet (received with their receive deltas, lost ones as "not
 * received"). This is what lets a browser's send-side estimator (GoogCC) probe and ramp up, so
 * all of a simulcast publisher's layers reach their full bitrate instead of staying at the start
 * bitrate. Transport loop only.
 */
final class TransportCcResponder {
  static final long INTERVAL_NANOS = 50_000_000L;
  private static final int MAX_PACKETS = 4096;

  private final long senderSsrc;
  private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
  private final long[] seqs = new long[MAX_PACKETS];
  private final long[] arrivals = new long[MAX_PACKETS];
  private int count;
  private long nextBase = -1;
  private long mediaSsrc = -1;
  private int feedbackCount;
  private long lastSentNanos;
  private volatile int extensionId = -1;

  TransportCcResponder(long senderSsrc) {
    this.senderSsrc = senderSsrc;
  }

  /** The id the publisher's answer gave the transport-wide sequence number; -1 for none. Any thread. */
  void extensionId(int id) {
    extensionId = id;
  }

  /** A decrypted RTP packet {@code buf[0, len)} arrived at {@code nowNanos}. */
  void received(byte[] buf, int len, long nowNanos) {
    int id = extensionId;
    if (id < 0 || len < RtpPacket.FIXED_HEADER_LENGTH || (buf[0] & 0x10) == 0) {
      return;
    }
    int seq;
    try {
      RtpPacket p = RtpPacket.parse(buf, 0, len);
      seq = TransportSequenceNumber.find(p.headerExtensions(), id);
      if (seq < 0) {
        return;
      }
      mediaSsrc = p.ssrc();
    } catch (MalformedPacketException e) {
      return; // the packet itself is judged by the receive path
    }
    if (count == MAX_PACKETS) {
      return; // more than 4096 packets in 50 ms: the next feedback reports them as lost
    }
    seqs[count] = unwrapper.unwrap(seq);
    arrivals[count] = nowNanos / 1000;
    count++;
  }

  /** The feedback due at {@code nowNanos}, or null when nothing is due. */
  TransportCcFeedback poll(long nowNanos) {
    if (count == 0 || nowNanos - lastSentNanos < INTERVAL_NANOS) {
      return null;
    }
    lastSentNanos = nowNanos;
    long[] order = new long[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Long[] boxed = Arrays.stream(order).boxed().toArray(Long[]::new);
    Arrays.sort(boxed, (a, b) -> Long.compare(seqs[a.intValue()], seqs[b.intValue()]));
    long first = seqs[boxed[0].intValue()];
    long last = seqs[boxed[count - 1].intValue()];
    // continue after the last report (what is missing in between is lost); a late packet from
    // before it was already reported lost and is left out
    long base = nextBase >= 0 && first - nextBase < 1000 ? nextBase : first;
    if (last < base) {
      count = 0;
      return null;
    }
    int span = (int) Math.min(last - base + 1, 0xffff);
    int[] statuses = new int[span];
    int[] deltas = new int[span];
    long referenceMicros = -1;
    int referenceTime = 0;
    long previous = 0;
    for (Long boxedIndex : boxed) {
      int i = boxedIndex.intValue();
      int slot = (int) (seqs[i] - base);
      if (slot < 0 || slot >= span || statuses[slot] != TransportCcFeedback.NOT_RECEIVED) {
        continue; // duplicate
      }
      if (referenceMicros < 0) {
        long units = Math.floorDiv(arrivals[i], TransportCcFeedback.REFERENCE_TIME_MICROS);
        referenceTime = (int) (units << 40 >> 40); // signed 24-bit, wrapping
        referenceMicros = units * TransportCcFeedback.REFERENCE_TIME_MICROS;
        previous = referenceMicros;
      }
      long delta = Math.round((arrivals[i] - previous) / (double) TransportCcFeedback.DELTA_MICROS);
      delta = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, delta));
      statuses[slot] = TransportCcFeedback.statusFor((int) delta);
      deltas[slot] = (int) delta;
      previous += delta * TransportCcFeedback.DELTA_MICROS;
    }
    nextBase = base + span;
    count = 0;
    TransportCcFeedback fb = new TransportCcFeedback(senderSsrc, Math.max(0, mediaSsrc), (int) (base & 0xffff),
        referenceTime, feedbackCount, statuses, deltas);
    feedbackCount = (feedbackCount + 1) & 0xff;
    return fb;
  }
}
