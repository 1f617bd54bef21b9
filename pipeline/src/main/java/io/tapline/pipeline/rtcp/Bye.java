package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Goodbye, RFC 3550 section 6.6:
 *
 * <pre>
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * |                           SSRC/CSRC                           |
 * :                              ...                              :
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |     length    |               reason for leaving            ... (opt)
 * </pre>
 *
 * <p>The optional reason is padded with zeros to a word. Its bytes are kept as received ({@link
 * #reason()} decodes them as UTF-8); an empty array means no reason.
 */
public record Bye(List<Long> ssrcs, byte[] reasonBytes) implements RtcpPacket {
  public Bye {
    ssrcs = List.copyOf(ssrcs);
    ssrcs.forEach(s -> RtcpBytes.checkU32(s, "ssrc"));
    RtcpBytes.checkCount(ssrcs.size(), "BYE sources");
    if (reasonBytes.length > 255) {
      throw new IllegalArgumentException("BYE reason of " + reasonBytes.length + " bytes");
    }
    reasonBytes = reasonBytes.clone();
  }

  public static Bye of(List<Long> ssrcs, String reason) {
    return new Bye(ssrcs, reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8));
  }

  static Bye parse(byte[] b, int count, int body, int bodyLength) throws MalformedPacketException {
    if (bodyLength < 4 * count) {
      throw new MalformedPacketException("rtcp.bye.truncated", count + " sources in " + bodyLength + " bytes");
    }
    List<Long> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ssrcs.add(RtcpBytes.u32(b, body + 4 * i));
    }
    int pos = body + 4 * count;
    int end = body + bodyLength;
    byte[] reason = new byte[0];
    if (pos < end) {
      int len = b[pos] & 0xff;
      if (pos + 1 + len > end) {
        throw new MalformedPacketException("rtcp.bye.truncated", "reason of " + len + " bytes runs past the packet");
      }
      reason = Arrays.copyOfRange(b, pos + 1, pos + 1 + len);
    }
    return new Bye(ssrcs, reason);
  }

  @Override
  public byte[] reasonBytes() {
    return reasonBytes.clone();
  }

  /** The reason for leaving, or null when there is none. */
  public String reason() {
    return reasonBytes.length == 0 ? null : new String(reasonBytes, StandardCharsets.UTF_8);
  }

  @Override
  public int packetType() {
    return BYE;
  }

  @Override
  public int length() {
    int n = 4 + 4 * ssrcs.size();
    if (reasonBytes.length > 0) {
      n += (1 + reasonBytes.length + 3) & ~3;
    }
    return n;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, ssrcs.size(), BYE, length);
    int pos = offset + 4;
    for (long s : ssrcs) {
      RtcpBytes.putU32(dst, pos, s);
      pos += 4;
    }
    if (reasonBytes.length > 0) {
      dst[pos++] = (byte) reasonBytes.length;
      System.arraycopy(reasonBytes, 0, dst, pos, reasonBytes.length);
      pos += reasonBytes.length;
      while (pos < offset + length) {
        dst[pos++] = 0;
      }
    }
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bye y && y.ssrcs.equals(ssrcs) && Arrays.equals(y.reasonBytes, reasonBytes);
  }

  @Override
  public int hashCode() {
    return ssrcs.hashCode() * 31 + Arrays.hashCode(reasonBytes);
  }

  @Override
  public String toString() {
    return "BYE[" + ssrcs + (reasonBytes.length > 0 ? " reason=" + reason() : "") + "]";
  }
}
