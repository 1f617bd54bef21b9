package io.tapline.pipeline.rtp.ext;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The abs-send-time extension (webrtc.org "Absolute Send Time"): 3 bytes holding the send time in
 * seconds as unsigned 6.18 fixed point, so it wraps every 64 seconds and ticks in 1/262144 s.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | len=2 |              absolute send time               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class AbsSendTime {
  public static final int LENGTH = 3;
  /** One unit of the 24-bit value: 2^-18 s. */
  public static final int TICKS_PER_SECOND = 1 << 18;

  private AbsSendTime() {}

  /** The raw 24-bit value. @throws MalformedPacketException {@code rtp.ext.abs_send_time} */
  public static int read(byte[] buffer, int offset, int length) throws MalformedPacketException {
    if (length != LENGTH) {
      throw new MalformedPacketException("rtp.ext.abs_send_time", length + " bytes, expected 3");
    }
    return ((buffer[offset] & 0xff) << 16) | ((buffer[offset + 1] & 0xff) << 8) | (buffer[offset + 2] & 0xff);
  }

  /** The 24-bit value for a time in microseconds (any epoch: only the time modulo 64 s is kept). */
  public static int fromMicros(long micros) {
    // 2^18 / 10^6 = 2^12 / 15625: keep it exact in integers, rounded to nearest.
    // 64 s is exactly 2^24 ticks, so reduce first to keep the product from overflowing.
    long m = Math.floorMod(micros, 64_000_000L);
    return (int) (((m * 4096 + 7812) / 15625) & 0xffffff);
  }

  /** The time within the 64-second window, in microseconds (rounded to nearest). */
  public static long toMicros(int value) {
    return ((long) (value & 0xffffff) * 15625 + 2048) / 4096;
  }

  public static HeaderExtension toExtension(int id, int value) {
    return new HeaderExtension(id, new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
  }
}
