package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The VP9 payload descriptor of RFC 9628 section 4.2, flexible (F=1) and non-flexible (F=0)
 * modes, with the scalability structure of section 4.2.1 when V=1:
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |I|P|L|F|B|E|V|Z| (REQUIRED)
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PICTURE ID  | (RECOMMENDED)
 *       +-+-+-+-+-+-+-+-+
 *  M:   | EXTENDED PID  | (RECOMMENDED)
 *       +-+-+-+-+-+-+-+-+
 *  L:   | TID |U| SID |D| (Conditionally RECOMMENDED)
 *       +-+-+-+-+-+-+-+-+
 *       |   TL0PICIDX   | (F=0 and L=1 only)
 *       +-+-+-+-+-+-+-+-+                             -\
 *  P,F: | P_DIFF      |N| (Conditionally REQUIRED)    - up to 3 times
 *       +-+-+-+-+-+-+-+-+                             -/
 *  V:   | SS            |
 *       | ..            |
 *       +-+-+-+-+-+-+-+-+
 *
 *  SS:  | N_S |Y|G|-|-|-|
 *       +-+-+-+-+-+-+-+-+              -\
 *  Y:   |     WIDTH     | (16 bits)     . - N_S + 1 times
 *       |     HEIGHT    | (16 bits)     .
 *       +-+-+-+-+-+-+-+-+              -/
 *  G:   |      N_G      |
 *       +-+-+-+-+-+-+-+-+                           -\
 *  N_G: |  T  |U| R |-|-|                            . - N_G times
 *       |    P_DIFF     | (R times)                  .
 *       +-+-+-+-+-+-+-+-+                           -/
 * </pre>
 *
 * @param pictureId 7- or 15-bit picture ID, or -1 when I=0
 * @param interPicturePredicted P: the layer frame references an earlier picture
 * @param beginsLayerFrame B
 * @param endsLayerFrame E
 * @param temporalId TID, or 0 when L=0
 * @param spatialId SID, or 0 when L=0
 * @param interLayerDependent D
 * @param spatialLayers N_S + 1 when the descriptor carries SS, else 0
 * @param layerWidths per spatial layer when SS has Y=1, else null
 * @param layerHeights per spatial layer when SS has Y=1, else null
 * @param length bytes taken by the descriptor; the VP9 payload follows
 */
public record Vp9PayloadDescriptor(
    int pictureId,
    boolean interPicturePredicted,
    boolean flexible,
    boolean beginsLayerFrame,
    boolean endsLayerFrame,
    int temporalId,
    int spatialId,
    boolean interLayerDependent,
    int spatialLayers,
    int[] layerWidths,
    int[] layerHeights,
    int length) {

  /**
   * Parses the descriptor at the start of an RTP payload.
   *
   * @throws MalformedPacketException {@code vp9.truncated} when a field runs past the payload or
   *     no VP9 byte follows, {@code vp9.spatial_id} when SID is beyond the layers SS announces
   */
  public static Vp9PayloadDescriptor parse(byte[] b, int offset, int length)
      throws MalformedPacketException {
    Cursor c = new Cursor(b, offset, offset + length);
    int b0 = c.next();
    boolean i = (b0 & 0x80) != 0;
    boolean p = (b0 & 0x40) != 0;
    boolean l = (b0 & 0x20) != 0;
    boolean f = (b0 & 0x10) != 0;
    boolean v = (b0 & 0x02) != 0;
    int pictureId = -1;
    if (i) {
      int p0 = c.next();
      pictureId = (p0 & 0x80) != 0 ? ((p0 & 0x7f) << 8) | c.next() : p0;
    }
    int tid = 0;
    int sid = 0;
    boolean d = false;
    if (l) {
      int layer = c.next();
      tid = layer >>> 5;
      sid = (layer >>> 1) & 0x07;
      d = (layer & 0x01) != 0;
      if (!f) {
        c.next(); // TL0PICIDX
      }
    }
    if (f && p) {
      for (int n = 0; ; n++) {
        int diff = c.next();
        if ((diff & 0x01) == 0) {
          break;
        }
        if (n == 2) {
          throw new MalformedPacketException("vp9.p_diff", "more than 3 reference indices");
        }
      }
    }
    int layers = 0;
    int[] widths = null;
    int[] heights = null;
    if (v) {
      int ss = c.next();
      layers = (ss >>> 5) + 1;
      if ((ss & 0x10) != 0) { // Y
        widths = new int[layers];
        heights = new int[layers];
        for (int s = 0; s < layers; s++) {
          widths[s] = (c.next() << 8) | c.next();
          heights[s] = (c.next() << 8) | c.next();
        }
      }
      if ((ss & 0x08) != 0) { // G
        int groups = c.next();
        for (int g = 0; g < groups; g++) {
          int refs = (c.next() >>> 2) & 0x03;
          for (int r = 0; r < refs; r++) {
            c.next();
          }
        }
      }
      if (l && sid >= layers) {
        throw new MalformedPacketException("vp9.spatial_id", "SID " + sid + " of " + layers + " layers");
      }
    }
    if (c.pos >= c.end) {
      throw new MalformedPacketException("vp9.truncated", "no VP9 payload after the descriptor");
    }
    return new Vp9PayloadDescriptor(
        pictureId, p, f, (b0 & 0x08) != 0, (b0 & 0x04) != 0, tid, sid, d, layers, widths, heights, c.pos - offset);
  }

  /** Reads bytes with a bounds check that turns overruns into {@code vp9.truncated}. */
  private static final class Cursor {
    private final byte[] b;
    private final int end;
    private int pos;

    Cursor(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    int next() throws MalformedPacketException {
      if (pos >= end) {
        throw new MalformedPacketException("vp9.truncated", "payload descriptor runs past the payload");
      }
      return b[pos++] & 0xff;
    }
  }
}
