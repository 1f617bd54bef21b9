package io.tapline.sfu.forward;

import java.util.Map;

/**
 * Renumbers the RFC 8285 header extension elements of a forwarded packet, in place, from the
 * publisher's ids to the ones the subscriber's connection declared. On a BUNDLE transport one id
 * means one URI for every stream (RFC 8285 section 5, RFC 8843 section 9.2), but publishers number
 * per m-section (aiortc: id 2 is abs-send-time in video and the audio level in audio): forwarded
 * as they are, a receiver reads one as the other (aiortc 1.4 then fails on a 1-byte
 * abs-send-time and closes the connection). Elements the subscriber did not declare get
 * {@link #UNDECLARED}, an id its connection never declares, which receivers ignore (section 4.1).
 * Lengths do not change. One-byte (section 4.2) and two-byte (section 4.3) forms; padding kept;
 * a block that does not parse is left as it is (the receive path already parsed the packet).
 */
final class ExtensionIdRewriter {
  /** Never declared on a subscriber connection; 1-14 so that it fits the one-byte form. */
  static final int UNDECLARED = 14;

  private final byte[] ids = new byte[256];

  private ExtensionIdRewriter(Map<Integer, String> publisher, Map<String, Integer> subscriber) {
    for (int i = 1; i < 256; i++) {
      ids[i] = (byte) UNDECLARED;
    }
    for (Map.Entry<Integer, String> e : publisher.entrySet()) {
      Integer to = subscriber.get(e.getValue());
      if (e.getKey() > 0 && e.getKey() < 256 && to != null) {
        ids[e.getKey()] = (byte) (int) to;
      }
    }
  }

  /**
   * A rewriter from the publisher's extmap (id to URI) to the subscriber connection's declared
   * ids (URI to id, each 1-14 and not {@link #UNDECLARED}); null when the subscriber keeps the
   * publisher's ids (plain RTP).
   */
  static ExtensionIdRewriter of(Map<Integer, String> publisher, Map<String, Integer> subscriber) {
    if (subscriber == null) {
      return null;
    }
    for (int id : subscriber.values()) {
      if (id < 1 || id > 14 || id == UNDECLARED) {
        throw new IllegalArgumentException("declared extension id " + id + " must be 1-13");
      }
    }
    return new ExtensionIdRewriter(publisher, subscriber);
  }

  /** Rewrites the element ids of the RTP packet at {@code buf[off, off + len)}. */
  void rewrite(byte[] buf, int off, int len) {
    if (len < 12 || (buf[off] & 0x10) == 0) {
      return;
    }
    int pos = off + 12 + 4 * (buf[off] & 0x0f);
    int end = off + len;
    if (pos + 4 > end) {
      return;
    }
    int profile = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    int words = ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
    pos += 4;
    int blockEnd = Math.min(end, pos + 4 * words);
    if (profile == 0xBEDE) {
      while (pos < blockEnd) {
        int b = buf[pos] & 0xff;
        int id = b >>> 4;
        if (id == 0) { // padding byte
          pos++;
          continue;
        }
        if (id == 15) { // stop (section 4.2)
          return;
        }
        buf[pos] = (byte) ((ids[id] << 4) | (b & 0x0f));
        pos += 1 + (b & 0x0f) + 1;
      }
    } else if ((profile & 0xfff0) == 0x1000) {
      while (pos < blockEnd) {
        int id = buf[pos] & 0xff;
        if (id == 0) {
          pos++;
          continue;
        }
        if (pos + 1 >= blockEnd) {
          return;
        }
        buf[pos] = ids[id];
        pos += 2 + (buf[pos + 1] & 0xff);
      }
    }
  }
}
