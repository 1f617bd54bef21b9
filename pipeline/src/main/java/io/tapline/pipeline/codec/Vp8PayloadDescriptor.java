package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The VP8 payload descriptor of RFC 7741 section 4.2:
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 *      |   PictureID   | (M=1: 15-bit PictureID)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param nonReference N: the frame can be discarded without affecting others
 * @param startOfPartition S
 * @param partitionIndex PID
 * @param pictureId 7- or 15-bit PictureID, or -1 when absent
 * @param tl0PicIdx TL0PICIDX, or -1
 * @param temporalId TID, or -1 (present when T or K is set)
 * @param keyIndex KEYIDX, or -1
 * @param length bytes taken by the descriptor; the VP8 payload follows
 */
public record Vp8PayloadDescriptor(
    boolean nonReference,
    boolean startOfPartition,
    int partitionIndex,
    int pictureId,
    int tl0PicIdx,
    int temporalId,
    int keyIndex,
    int length) {

  /** Whether this packet carries the first bytes of a frame (S=1 and PID=0). */
  public boolean startsFrame() {
    return startOfPartition && partitionIndex == 0;
  }

  /**
   * Parses the descriptor at the start of an RTP payload.
   *
   * @throws MalformedPacketException {@code vp8.truncated} when the descriptor runs past the
   *     payload or leaves no VP8 payload byte
   */
  public static Vp8PayloadDescriptor parse(byte[] b, int offset, int length)
      throws MalformedPacketException {
    int end = offset + length;
    int pos = offset;
    need(pos, end);
    int b0 = b[pos++] & 0xff;
    boolean x = (b0 & 0x80) != 0;
    int pictureId = -1;
    int tl0 = -1;
    int tid = -1;
    int keyIdx = -1;
    if (x) {
      need(pos, end);
      int ext = b[pos++] & 0xff;
      if ((ext & 0x80) != 0) { // I
        need(pos, end);
        int p0 = b[pos++] & 0xff;
        if ((p0 & 0x80) != 0) { // M: 15-bit PictureID
          need(pos, end);
          pictureId = ((p0 & 0x7f) << 8) | (b[pos++] & 0xff);
        } else {
          pictureId = p0;
        }
      }
      if ((ext & 0x40) != 0) { // L
        need(pos, end);
        tl0 = b[pos++] & 0xff;
      }
      if ((ext & 0x30) != 0) { // T or K share one byte
        need(pos, end);
        int tk = b[pos++] & 0xff;
        if ((ext & 0x20) != 0) {
          tid = tk >>> 6;
        }
        if ((ext & 0x10) != 0) {
          keyIdx = tk & 0x1f;
        }
      }
    }
    need(pos, end); // a descriptor with no VP8 payload after it is not a valid packet
    return new Vp8PayloadDescriptor(
        (b0 & 0x20) != 0, (b0 & 0x10) != 0, b0 & 0x07, pictureId, tl0, tid, keyIdx, pos - offset);
  }

  private static void need(int pos, int end) throws MalformedPacketException {
    if (pos >= end) {
      throw new MalformedPacketException("vp8.truncated", "payload descriptor runs past the payload");
    }
  }
}
