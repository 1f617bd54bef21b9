package io.tapline.sfu.webrtc.srtp;

/**
 * What one crypto context remembers about one SSRC (RFC 3711 section 3.2.1 and 3.3.1): the
 * rollover counter and highest sequence number (s_l), the replay lists for SRTP and SRTCP, and
 * the next SRTCP index to send.
 */
final class SsrcState {
  boolean started;
  long roc;
  int highestSeq;
  final ReplayWindow rtpReplay;
  final ReplayWindow rtcpReplay;
  int nextSrtcpIndex;

  SsrcState(int replayWindow) {
    this.rtpReplay = new ReplayWindow(replayWindow);
    this.rtcpReplay = new ReplayWindow(replayWindow);
  }

  /**
   * The 48-bit packet index for {@code seq}, from the ROC estimate v of RFC 3711 Appendix A (the
   * guess that puts {@code seq} closest to s_l). Returns a negative number for a packet from before
   * the first one seen (v = -1 while ROC is 0).
   */
  long estimateIndex(int seq) {
    if (!started) {
      return seq; // s_l is initialised by the first packet (section 3.3.1)
    }
    long v;
    if (highestSeq < 32768) {
      v = seq - highestSeq > 32768 ? roc - 1 : roc;
    } else {
      v = highestSeq - 32768 > seq ? roc + 1 : roc;
    }
    return v < 0 ? -1 : (v << 16) | seq;
  }

  /** Section 3.3.1: update ROC and s_l once the packet with this index is authenticated. */
  void update(long index) {
    long v = index >>> 16;
    int seq = (int) (index & 0xffff);
    if (!started) {
      started = true;
      roc = v;
      highestSeq = seq;
    } else if (v > roc) {
      roc = v;
      highestSeq = seq;
    } else if (v == roc && seq > highestSeq) {
      highestSeq = seq;
    }
  }
}
