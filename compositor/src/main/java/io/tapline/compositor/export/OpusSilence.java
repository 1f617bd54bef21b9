package io.tapline.compositor.export;

/**
 * Opus packets that fill time where a sender sent nothing (DTX, loss), so a file keeps its
 * timing in every player. TOC 0xF8 is config 31 (CELT fullband, 20 ms), one frame (RFC 6716
 * section 3.1); 0xFF 0xFE decodes to silence (the same packet janus-pp-rec uses).
 */
final class OpusSilence {
  static final int SAMPLES = 960;
  static final byte[] PACKET = {(byte) 0xf8, (byte) 0xff, (byte) 0xfe};

  private OpusSilence() {}

  /** The OpusHead identification header (RFC 7845 section 5.1), channel mapping family 0. */
  static byte[] opusHead(int channels) {
    byte[] h = new byte[19];
    byte[] magic = "OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, h, 0, 8);
    h[8] = 1; // version
    h[9] = (byte) channels;
    // pre-skip 0: RTP carries no encoder delay, and keeping 0 keeps RTP timing exact
    int rate = 48000;
    h[12] = (byte) rate;
    h[13] = (byte) (rate >> 8);
    h[14] = (byte) (rate >> 16);
    h[15] = (byte) (rate >> 24);
    return h;
  }
}
