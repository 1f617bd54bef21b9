package io.tapline.sfu.webrtc.tcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.PacketDemux;

/**
 * Cuts a TCP byte stream into the packets of RFC 4571 section 2 framing, as ICE-TCP carries
 * STUN, DTLS, RTP and RTCP (RFC 6544 section 3.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * ---------------------------------------------------------------
 * |             LENGTH            |  STUN, DTLS, RTP or RTCP ...
 * ---------------------------------------------------------------
 * </pre>
 *
 * LENGTH is the number of octets that follow, big-endian. Bytes arrive in arbitrary chunks; a
 * frame may span reads. A stream has no way to find the next frame boundary after a bad one, so
 * each failure is final: {@code tcp.empty_frame} (LENGTH 0), {@code tcp.frame_too_long} (more than
 * this reader's maximum), {@code tcp.unknown_content} (a first byte that RFC 7983 sorts to none of
 * STUN, DTLS, RTP/RTCP: the peer is not speaking ICE-TCP or the stream lost sync). The caller
 * closes that connection. Not thread-safe: one reader per connection, on its loop.
 */
public final class FramedStreamReader {
  /** The largest LENGTH the format can carry. */
  public static final int MAX_LENGTH = 0xffff;

  private final int maxFrame;
  private final byte[] frame;
  private int header = -1; // the first LENGTH byte while waiting for the second, else -1
  private int expected; // LENGTH of the frame being filled; 0 between frames
  private int filled;
  private boolean failed;

  /** Receives each complete frame; the array is reused after the call returns. */
  @FunctionalInterface
  public interface FrameHandler {
    void onFrame(byte[] buf, int len);
  }

  /** @param maxFrame the largest frame accepted, 1..65535 (media needs about 1500) */
  public FramedStreamReader(int maxFrame) {
    if (maxFrame < 1 || maxFrame > MAX_LENGTH) {
      throw new IllegalArgumentException("maxFrame must be 1.." + MAX_LENGTH + ": " + maxFrame);
    }
    this.maxFrame = maxFrame;
    this.frame = new byte[maxFrame];
  }

  /**
   * Consumes {@code len} bytes from {@code buf[off]}, handing each completed frame to {@code handler}
   * in order. Frames completed before a bad one are delivered first.
   *
   * @throws MalformedPacketException on bad framing; the reader then refuses any further input
   */
  public void feed(byte[] buf, int off, int len, FrameHandler handler) throws MalformedPacketException {
    if (failed) {
      throw new MalformedPacketException("tcp.after_error", "the stream already had bad framing");
    }
    int end = off + len;
    int i = off;
    while (i < end) {
      if (expected == 0) {
        int b = buf[i++] & 0xff;
        if (header < 0) {
          header = b;
          continue;
        }
        int length = (header << 8) | b;
        header = -1;
        if (length == 0) {
          throw fail("tcp.empty_frame", "LENGTH 0");
        }
        if (length > maxFrame) {
          throw fail("tcp.frame_too_long", "LENGTH " + length + " > " + maxFrame);
        }
        expected = length;
        filled = 0;
        continue;
      }
      int n = Math.min(expected - filled, end - i);
      System.arraycopy(buf, i, frame, filled, n);
      filled += n;
      i += n;
      if (filled == expected) {
        expected = 0;
        if (PacketDemux.classify(frame, 0, filled) == PacketDemux.Kind.UNKNOWN) {
          throw fail("tcp.unknown_content", "first byte " + (frame[0] & 0xff));
        }
        handler.onFrame(frame, filled);
      }
    }
  }

  /** Whether a frame, or half a LENGTH, is waiting for more bytes. */
  public boolean inFrame() {
    return expected != 0 || header >= 0;
  }

  private MalformedPacketException fail(String reason, String detail) {
    failed = true;
    return new MalformedPacketException(reason, detail);
  }
}
