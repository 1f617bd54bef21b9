package io.tapline.pipeline.rtcp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Source description, RFC 3550 section 6.5:
 *
 * <pre>
 * |V=2|P|    SC   |  PT=SDES=202  |             length            | header
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_1                          | chunk
 * |                           SDES items                          |   1
 * |                              ...                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_2                          | chunk
 * </pre>
 *
 * <p>An item is type (8 bits), length (8 bits) and that many bytes of text. Each chunk's item list
 * ends with a null item (a zero type byte) and is padded with zeros to the next 32-bit boundary.
 */
public record SourceDescription(List<SdesChunk> chunks) implements RtcpPacket {
  public SourceDescription {
    chunks = List.copyOf(chunks);
    RtcpBytes.checkCount(chunks.size(), "SDES chunks");
  }

  static SourceDescription parse(byte[] b, int count, int body, int bodyLength) throws MalformedPacketException {
    List<SdesChunk> chunks = new ArrayList<>(count);
    int pos = body;
    int end = body + bodyLength;
    for (int c = 0; c < count; c++) {
      if (pos + 4 > end) {
        throw new MalformedPacketException("rtcp.sdes.truncated", "chunk " + c + " of " + count + " missing");
      }
      long ssrc = RtcpBytes.u32(b, pos);
      pos += 4;
      List<SdesItem> items = new ArrayList<>();
      while (true) {
        if (pos >= end) {
          throw new MalformedPacketException("rtcp.sdes.truncated", "chunk " + c + " has no terminating null item");
        }
        int type = b[pos] & 0xff;
        if (type == 0) {
          pos = body + ((pos - body + 4) & ~3); // the null item and padding up to the next word
          break;
        }
        if (pos + 2 > end || pos + 2 + (b[pos + 1] & 0xff) > end) {
          throw new MalformedPacketException("rtcp.sdes.truncated", "item type " + type + " runs past the packet");
        }
        int len = b[pos + 1] & 0xff;
        byte[] value = new byte[len];
        System.arraycopy(b, pos + 2, value, 0, len);
        items.add(new SdesItem(type, value));
        pos += 2 + len;
      }
      if (pos > end) {
        throw new MalformedPacketException("rtcp.sdes.truncated", "chunk " + c + " padding runs past the packet");
      }
      chunks.add(new SdesChunk(ssrc, items));
    }
    return new SourceDescription(chunks);
  }

  @Override
  public int packetType() {
    return SDES;
  }

  @Override
  public int length() {
    int n = 4;
    for (SdesChunk c : chunks) {
      n += c.encodedLength();
    }
    return n;
  }

  @Override
  public int writeTo(byte[] dst, int offset) {
    int length = length();
    RtcpBytes.putHeader(dst, offset, chunks.size(), SDES, length);
    int pos = offset + 4;
    for (SdesChunk c : chunks) {
      int start = pos;
      RtcpBytes.putU32(dst, pos, c.ssrc());
      pos += 4;
      for (SdesItem i : c.items()) {
        pos += i.write(dst, pos);
      }
      int end = start + c.encodedLength();
      while (pos < end) {
        dst[pos++] = 0;
      }
    }
    return length;
  }
}
