package io.tapline.compositor.export;

/**
 * Opus packets that fill time where a sender sent nothing (DTX, loss), so a file keeps its
 * timing in every player. TOC 0xF8 is config 31 (CELT fullband, 20 ms), one frame (RFC 6716
 * section 3.1); 0xFF 0xFE decodes to silence (the same packet janus-pp-rec uses). Configs 30, 29
 * and 28 are the same at 10, 5 and 2.5 ms, for gaps that are not whole 20 ms packets (a sender's
 * timestamps need not fall on a 20 ms grid of the recording).
 */
final class OpusSilence {
  static final int SAMPLES = 960;
  /** The shortest fill: 2.5 ms at 48 kHz. */
  static final int MIN_SAMPLES = 120;
  static final byte[] PACKET = {(byte) 0xf8, (byte) 0xff, (byte) 0xfe};
  private static final byte[] PACKET_10MS = {(byte) 0xf0, (byte) 0xff, (byte) 0xfe};
  private static final byte[] PACKET_5MS = {(byte) 0xe8, (byte) 0xff, (byte) 0xfe};
  private static final byte[] PACKET_2_5MS = {(byte) 0xe0, (byte) 0xff, (byte) 0xfe};

  private OpusSilence() {}

  /** The longest silence packet of at most {@code samples} (>= {@link #MIN_SAMPLES}) samples. */
  static int fillSamples(long samples) {
    return samples >= 960 ? 960 : samples >= 480 ? 480 : samples >= 240 ? 240 : 120;
  }

  /** The silence packet of {@code samples} (960, 480, 240 or 120). */
  static byte[] packet(int samples) {
    return switch (samples) {
      case 960 -> PACKET;
      case 480 -> PACKET_10MS;
      case 240 -> PACKET_5MS;
      case 120 -> PACKET_2_5MS;
      default -> throw new IllegalArgumentException("no Opus frame of " + samples + " samples");
    };
  }

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
