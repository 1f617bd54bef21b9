package io.tapline.sfu.forward;

/**
 * Keeps the VP8 payload descriptor's PictureID and TL0PICIDX (RFC 7741 section 4.2) continuous for
 * one receiver across simulcast layer switches: each layer numbers its pictures on its own, and a
 * receiver that sees the picture id jump back may take the new layer's frames for old ones. The
 * fields are rewritten in place (same width), so the packet length does not change. After
 * {@link #rebase} the next picture continues at the last one sent + 1. I/O thread only.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL, 7 or 15 bits)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 * </pre>
 */
final class Vp8PictureIds {
  private boolean rebase = true;
  private int pidDelta;
  private int tl0Delta;
  private int lastPid = -1;
  private int lastTl0 = -1;

  /** The next packet comes from another stream: continue its numbering after the last one sent. */
  void rebase() {
    rebase = true;
  }

  /** Rewrites the descriptor of the VP8 payload at {@code b[offset, offset + length)}. */
  void rewrite(byte[] b, int offset, int length) {
    long at = locate(b, offset, length);
    if (at < 0) {
      return;
    }
    int pidAt = (int) (at >>> 32) - 1;
    int tl0At = (int) at - 1;
    int pid = pidAt < 0 ? -1 : read(b, pidAt);
    int tl0 = tl0At < 0 ? -1 : b[tl0At] & 0xff;
    if (rebase) {
      rebase = false;
      pidDelta = pid < 0 || lastPid < 0 ? 0 : lastPid + 1 - pid;
      tl0Delta = tl0 < 0 || lastTl0 < 0 ? 0 : lastTl0 + 1 - tl0;
    }
    shift(b, offset, length, pidDelta, tl0Delta);
    if (pid >= 0) {
      lastPid = read(b, pidAt);
    }
    if (tl0 >= 0) {
      lastTl0 = b[tl0At] & 0xff;
    }
  }

  /** The PictureID shift in force (what {@link #rewrite} adds now), to restate a packet for a retransmission. */
  int pidDelta() {
    return pidDelta;
  }

  int tl0Delta() {
    return tl0Delta;
  }

  /** Adds the given shifts to the PictureID and TL0PICIDX of the VP8 payload at {@code b[offset, offset + length)}. */
  static void shift(byte[] b, int offset, int length, int pidDelta, int tl0Delta) {
    long at = locate(b, offset, length);
    if (at < 0) {
      return;
    }
    int pidAt = (int) (at >>> 32) - 1;
    int tl0At = (int) at - 1;
    if (pidAt >= 0) {
      boolean wide = (b[pidAt] & 0x80) != 0;
      int out = (read(b, pidAt) + pidDelta) & (wide ? 0x7fff : 0x7f);
      if (wide) {
        b[pidAt] = (byte) (0x80 | (out >>> 8));
        b[pidAt + 1] = (byte) out;
      } else {
        b[pidAt] = (byte) out;
      }
    }
    if (tl0At >= 0) {
      b[tl0At] = (byte) ((b[tl0At] & 0xff) + tl0Delta);
    }
  }

  private static int read(byte[] b, int pidAt) {
    return (b[pidAt] & 0x80) != 0 ? ((b[pidAt] & 0x7f) << 8) | (b[pidAt + 1] & 0xff) : b[pidAt] & 0x7f;
  }

  /** ((PictureID offset + 1) << 32) | (TL0PICIDX offset + 1) (each part 0 when absent), or -1 when neither can be rewritten. */
  private static long locate(byte[] b, int offset, int length) {
    if (length < 2 || (b[offset] & 0x80) == 0) {
      return -1; // no extension byte: nothing to keep continuous
    }
    int x = b[offset + 1] & 0xff;
    int i = offset + 2;
    int pidAt = -1;
    if ((x & 0x80) != 0) {
      if (i >= offset + length) {
        return -1;
      }
      pidAt = i;
      i += (b[i] & 0x80) != 0 ? 2 : 1;
    }
    int tl0At = (x & 0x40) != 0 ? i : -1;
    if (i > offset + length || (tl0At >= 0 && tl0At >= offset + length)) {
      return -1;
    }
    return ((long) (pidAt + 1) << 32) | (tl0At + 1);
  }
}
