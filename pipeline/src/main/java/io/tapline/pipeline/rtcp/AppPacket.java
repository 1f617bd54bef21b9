package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Application-defined packet, RFC 3550 section 6.7:
 *
 * <pre>
 * |V=2|P| subtype |   PT=APP=204  |             length            |
 * |                           SSRC/CSRC                           |
 * |                          name (ASCII)                         |
 * |                   application-dependent data                ...
 * </pre>
 *
 * <p>The name is four bytes, kept as a 32-bit value so any bytes round-trip; the data is a whole
 * number of 32-bit words.
 */
public record AppPacket(int subtype, long ssrc, int name, byte[] data) implements RtcpPacket {
  public AppPacket {
    if (subtype < 0 || subtype > 31) {
      throw new IllegalArgumentException("APP subtype " + subtype);
    }
    RtcpBytes.checkU32(ssrc, "ssrc");
    if (data.length % 4 != 0) {
      throw new IllegalArgumentException("APP data must be whole 32-bit words");
    }
    data = data.clone();
  }

  public static AppPacket of(int subtype, long ssrc, String name, byte[] data) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    if (n.length != 4) {
      throw new IllegalArgumentException("APP name must be 4 ASCII characters: " + name);
    }
    return new AppPacket(subtype, ssrc, (int) RtcpBytes.u32(n, 0), data);
  }

  static AppPacket parse(byte[] b, int count, int body, int bodyLength) throws MalformedPacketException {
    if (bodyLength < 8) {
      throw new MalformedPacketException("rtcp.app.truncated", bodyLength + " bytes, SSRC and name need 8");
    }
    // bodyLength is whole words unless padding was stripped; keep whole words of data only.
    int dataLength = (bodyLength - 8) & ~3;
    return new AppPacket(count, RtcpBytes.u32(b, body), (int) RtcpBytes.u32(b, body + 4),
        Arrays.copyOfRange(b, body + 8, body + 8 + dataLength));
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public String nameString() {
    byte[] n = new byte[4];
    RtcpBytes.putU32(n, 0, name & 0xffffffffL);
    return new String(n, StandardCharsets.ISO_8859_1);
  }

  @Override
  public int packetType() {
    return APP;
  }

  @Override
  public int length() {
    return 12 + data.length;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, subtype, APP, length);
    RtcpBytes.putU32(dst, offset + 4, ssrc);
    RtcpBytes.putU32(dst, offset + 8, name & 0xffffffffL);
    System.arraycopy(data, 0, dst, offset + 12, data.length);
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppPacket a && a.subtype == subtype && a.ssrc == ssrc && a.name == name
        && Arrays.equals(a.data, data);
  }

  @Override
  public int hashCode() {
    return (subtype * 31 + Long.hashCode(ssrc)) * 31 + name;
  }

  @Override
  public String toString() {
    return "APP[" + nameString() + "/" + subtype + " ssrc=" + ssrc + " data=" + data.length + "]";
  }
}
