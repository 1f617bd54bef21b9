package io.tapline.sfu.speaker;

import io.tapline.pipeline.rtp.RtpPacket;
import java.util.Map;

/**
 * Reads the client-to-mixer audio level (RFC 6464) from a packet's RFC 8285 header extensions.
 * The element's first byte is {@code |V| level |}, level in -dBov (0 loudest, 127 silence).
 * Private to sfu-tap until {@code io.tapline.pipeline.rtp.ext} lands.
 */
public final class AudioLevelReader {
  public static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  public static final int NONE = -1;

  private final int id;

  private AudioLevelReader(int id) {
    this.id = id;
  }

  /** A reader for the id negotiated in {@code extmap}, or null when the extension is not in use. */
  public static AudioLevelReader from(Map<Integer, String> extmap) {
    for (Map.Entry<Integer, String> e : extmap.entrySet()) {
      if (URI.equals(e.getValue())) {
        return new AudioLevelReader(e.getKey());
      }
    }
    return null;
  }

  /** The level 0..127 (-dBov), or {@link #NONE} when the packet carries no valid element. */
  public int level(RtpPacket packet) {
    int profile = packet.extensionProfile();
    if (profile < 0) {
      return NONE;
    }
    byte[] b = packet.buffer();
    int pos = packet.extensionDataOffset();
    int end = pos + packet.extensionDataLength();
    if (profile == 0xBEDE) { // one-byte header, RFC 8285 section 4.2
      while (pos < end) {
        int h = b[pos] & 0xff;
        if (h == 0) {
          pos++; // padding
          continue;
        }
        int elementId = h >>> 4;
        int len = (h & 0x0f) + 1;
        if (elementId == 15 || pos + 1 + len > end) {
          return NONE;
        }
        if (elementId == id) {
          return b[pos + 1] & 0x7f;
        }
        pos += 1 + len;
      }
    } else if ((profile & 0xfff0) == 0x1000) { // two-byte header, section 4.3
      while (pos + 1 < end) {
        int elementId = b[pos] & 0xff;
        if (elementId == 0) {
          pos++;
          continue;
        }
        int len = b[pos + 1] & 0xff;
        if (pos + 2 + len > end) {
          return NONE;
        }
        if (elementId == id && len >= 1) {
          return b[pos + 2] & 0x7f;
        }
        pos += 2 + len;
      }
    }
    return NONE;
  }
}
