package io.tapline.pipeline.rtcp;

import java.util.List;
import java.util.Optional;

/** One SDES chunk: an SSRC or CSRC and its items (RFC 3550 section 6.5). */
public record SdesChunk(long ssrc, List<SdesItem> items) {
  public SdesChunk {
    RtcpBytes.checkU32(ssrc, "ssrc");
    items = List.copyOf(items);
  }

  /** The first item of this type, e.g. {@link SdesItem#CNAME}. */
  public Optional<SdesItem> item(int type) {
    return items.stream().filter(i -> i.type() == type).findFirst();
  }

  /** Bytes on the wire: SSRC, items, then 1-4 zero bytes (the null item and padding to a word). */
  int encodedLength() {
    int n = 4;
    for (SdesItem i : items) {
      n += i.encodedLength();
    }
    return (n + 4) & ~3;
  }
}
