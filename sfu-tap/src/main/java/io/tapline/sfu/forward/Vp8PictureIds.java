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
    if (length < 1 || (b[offset] & 0x80) == 0) {
      return; // no extension byte: nothing to keep continuous
    }
    if (length < 2) {
      return;
    }
    int x = b[offset + 1] & 0xff;
    int i = offset + 2;
    int pidAt = -1;
    int pidBits = 0;
    if ((x & 0x80) != 0) {
      if (i >= offset + length) {
        return;
      }
      pidAt = i;
      pidBits = (b[i] & 0x80) != 0 ? 15 : 7;
      i += pidBits == 15 ? 2 : 1;
    }
    int tl0At = (x & 0x40) != 0 ? i : -1;
    if (i > offset + length || (tl0At >= 0 && tl0At >= offset + length)) {
      return;
    }
    int pid = pidAt < 0 ? -1 : pidBits == 15 ? ((b[pidAt] & 0x7f) << 8) | (b[pidAt + 1] & 0xff) : b[pidAt] & 0x7f;
    int tl0 = tl0At < 0 ? -1 : b[tl0At] & 0xff;
    if (rebase) {
      rebase = false;
      pidDelta = pid < 0 || lastPid < 0 ? 0 : lastPid + 1 - pid;
      tl0Delta = tl0 < 0 || lastTl0 < 0 ? 0 : lastTl0 + 1 - tl0;
    }
    if (pid >= 0) {
      int mask = pidBits == 15 ? 0x7fff : 0x7f;
      int out = (pid + pidDelta) & mask;
      if (pidBits == 15) {
        b[pidAt] = (byte) (0x80 | (out >>> 8));
        b[pidAt + 1] = (byte) out;
      } else {
        b[pidAt] = (byte) out;
      }
      lastPid = out;
    }
    if (tl0 >= 0) {
      int out = (tl0 + tl0Delta) & 0xff;
      b[tl0At] = (byte) out;
      lastTl0 = out;
    }
  }
}
