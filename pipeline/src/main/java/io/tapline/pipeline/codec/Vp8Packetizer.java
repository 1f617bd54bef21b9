package io.tapline.pipeline.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one VP8 frame into RTP payloads (RFC 7741 section 4): each payload starts with the
 * one-byte payload descriptor of section 4.2 (X=0, N=0, PID=0; S=1 only on the first packet of
 * the frame), followed by a slice of the VP8 bitstream. The slices are of equal size, as libwebrtc
 * makes them, and none is larger than {@code maxPayload - 1} bytes. The RTP marker bit goes on the
 * packet carrying the last slice (section 4.1), which the caller sets.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |X|R|N|S|R| PID |   here 0 0 0 S 0 000
 * +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Vp8Packetizer {
  private static final int START_OF_PARTITION = 0x10;

  private final int maxPayload;

  /** @param maxPayload the largest RTP payload to produce, descriptor included (at least 2) */
  public Vp8Packetizer(int maxPayload) {
    if (maxPayload < 2) {
      throw new IllegalArgumentException("maxPayload must leave room for a descriptor and one byte: " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  /** The RTP payloads of one encoded frame, in sending order. */
  public List<byte[]> packetize(byte[] frame) {
    if (frame.length == 0) {
      throw new IllegalArgumentException("an empty VP8 frame cannot be packetized");
    }
    int room = maxPayload - 1;
    int parts = (frame.length + room - 1) / room;
    int per = (frame.length + parts - 1) / parts;
    List<byte[]> out = new ArrayList<>(parts);
    for (int off = 0; off < frame.length; off += per) {
      int n = Math.min(per, frame.length - off);
      byte[] p = new byte[1 + n];
      p[0] = (byte) (off == 0 ? START_OF_PARTITION : 0);
      System.arraycopy(frame, off, p, 1, n);
      out.add(p);
    }
    return out;
  }
}
