package io.tapline.pipeline.tools;

import io.tapline.pipeline.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the element ids of an RTP header extension block for the dump (RFC 8285 section 4.2
 * one-byte form, profile 0xBEDE; section 4.3 two-byte form, profile 0x100x). Only ids: decoding
 * values is the job of the header extension parsers.
 */
final class HeaderExtensionIds {
  private HeaderExtensionIds() {}

  /** The ids, e.g. {@code [1, 3]}, or a note when the block is not RFC 8285 or is damaged. */
  static String describe(RtpPacket p) {
    int profile = p.extensionProfile();
    byte[] b = p.buffer();
    int pos = p.extensionDataOffset();
    int end = pos + p.extensionDataLength();
    List<Integer> ids = new ArrayList<>();
    if (profile == 0xBEDE) {
      while (pos < end) {
        int id = (b[pos] & 0xff) >>> 4;
        if (id == 0) { // padding byte (the length nibble must be 0 too)
          pos++;
          continue;
        }
        if (id == 15) { // reserved: stop processing (section 4.2)
          break;
        }
        int length = (b[pos] & 0x0f) + 1;
        if (pos + 1 + length > end) {
          return ids + " (element " + id + " overflows)";
        }
        ids.add(id);
        pos += 1 + length;
      }
      return ids.toString();
    }
    if ((profile & 0xfff0) == 0x1000) {
      while (pos < end) {
        int id = b[pos] & 0xff;
        if (id == 0) {
          pos++;
          continue;
        }
        if (pos + 2 > end) {
          return ids + " (element " + id + " overflows)";
        }
        int length = b[pos + 1] & 0xff;
        if (pos + 2 + length > end) {
          return ids + " (element " + id + " overflows)";
        }
        ids.add(id);
        pos += 2 + length;
      }
      return ids.toString();
    }
    return String.format("profile 0x%04x (%d bytes)", profile, p.extensionDataLength());
  }
}
