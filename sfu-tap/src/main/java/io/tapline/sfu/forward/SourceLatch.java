package io.tapline.sfu.forward;

import java.net.InetSocketAddress;

/**
 * Decides which sender owns a track: the first valid packet latches its source address and SSRC;
 * while that stream is live (a packet within {@code streamTimeout}) packets from another address
 * or with another SSRC are dropped. After the timeout a new source or SSRC takes over (a publisher
 * restart) and the {@link #epoch()} advances, which makes every subscriber re-base its sequence
 * numbers and timestamps. An SSRC announced in signaling is enforced always. I/O thread only.
 */
final class SourceLatch {
  private final Long announcedSsrc;
  private final long streamTimeoutNanos;
  private InetSocketAddress source;
  private long ssrc = -1;
  private long lastNanos;
  private int epoch;

  SourceLatch(Long announcedSsrc, long streamTimeoutNanos) {
    this.announcedSsrc = announcedSsrc;
    this.streamTimeoutNanos = streamTimeoutNanos;
  }

  /** Returns null when the packet belongs to the track, else the drop reason. */
  String admit(InetSocketAddress from, long packetSsrc, long nowNanos) {
    if (announcedSsrc != null && announcedSsrc != packetSsrc) {
      return DropReasons.UNKNOWN_SSRC;
    }
    if (source != null) {
      boolean sameSource = source.equals(from);
      if (sameSource && packetSsrc == ssrc) {
        lastNanos = nowNanos;
        return null;
      }
      if (nowNanos - lastNanos < streamTimeoutNanos) {
        return sameSource ? DropReasons.UNKNOWN_SSRC : DropReasons.WRONG_SOURCE;
      }
    }
    source = from;
    ssrc = packetSsrc;
    lastNanos = nowNanos;
    epoch++;
    return null;
  }

  /** Starts a new epoch without a new source (e.g. unmute), so subscribers re-base. */
  void rebase() {
    epoch++;
  }

  InetSocketAddress source() {
    return source;
  }

  /** The current SSRC, or -1 before the first packet. */
  long ssrc() {
    return ssrc;
  }

  int epoch() {
    return epoch;
  }
}
