package io.tapline.sfu.forward;

/**
 * One subscription's retransmission stream (RFC 4588, SSRC multiplexing): its SSRC and payload
 * type as the subscriber's SDP announced them, its own sequence numbers (random start, RFC 4588
 * section 4), what the subscription sent ({@link SentHistory}) and its byte budget. Because RTX
 * has its own SSRC and sequence numbers, a retransmission is a new packet for SRTP (AES-CM and
 * AEAD-GCM alike never see the same SSRC and index twice). Track I/O thread only.
 */
final class RtxStream {
  final long ssrc;
  final int payloadType;
  final SentHistory history;
  final RetransmitBudget budget = new RetransmitBudget();
  private int nextSeq;

  RtxStream(long ssrc, int payloadType, int historySize, int initialSeq) {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("RTX payload type must be 0-127: " + payloadType);
    }
    this.ssrc = ssrc;
    this.payloadType = payloadType;
    this.history = new SentHistory(historySize);
    this.nextSeq = initialSeq & 0xffff;
  }

  /** The next RTX sequence number. */
  int nextSeq() {
    int s = nextSeq;
    nextSeq = (nextSeq + 1) & 0xffff;
    return s;
  }
}
