package io.tapline.storage.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Content type from the first bytes of a file (magic numbers), never from the client. HTML and SVG
 * are reported as {@code text/plain} on purpose: served back from our domain they would run script.
 */
public final class ContentSniffer {
  /** Bytes needed to recognise every type below. */
  public static final int HEAD = 64;

  private ContentSniffer() {}

  public static String sniff(byte[] head, int len) {
    if (len == 0) {
      return "application/octet-stream";
    }
    if (starts(head, len, 0, "%PDF-")) {
      return "application/pdf";
    }
    if (starts(head, len, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (starts(head, len, 0, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(head, len, 0, "GIF87a") || starts(head, len, 0, "GIF89a")) {
      return "image/gif";
    }
    if (starts(head, len, 0, "RIFF") && starts(head, len, 8, "WEBP")) {
      return "image/webp";
    }
    if (starts(head, len, 0, "RIFF") && starts(head, len, 8, "WAVE")) {
      return "audio/wav";
    }
    if (starts(head, len, 4, "ftyp")) {
      return starts(head, len, 8, "qt  ") ? "video/quicktime" : "video/mp4";
    }
    if (starts(head, len, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
      return "video/webm";
    }
    if (starts(head, len, 0, "OggS")) {
      return "audio/ogg";
    }
    if (starts(head, len, 0, "ID3") || (len > 1 && (head[0] & 0xFF) == 0xFF
        && (head[1] & 0xE0) == 0xE0)) {
      return "audio/mpeg";
    }
    if (starts(head, len, 0, "PK", 3, 4)) {
      return "application/zip";
    }
    if (starts(head, len, 0, 0x1F, 0x8B)) {
      return "application/gzip";
    }
    return isUtf8Text(head, len) ? "text/plain; charset=utf-8" : "application/octet-stream";
  }

  private static boolean isUtf8Text(byte[] head, int len) {
    for (int i = 0; i < len; i++) {
      int b = head[i] & 0xFF;
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x0C) {
        return false;
      }
    }
    // The head may cut a multi-byte character: allow up to 3 trailing bytes to be incomplete.
    for (int cut = 0; cut <= Math.min(3, len - 1); cut++) {
      try {
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(head, 0, len - cut));
        return true;
      } catch (CharacterCodingException e) {
        // try a shorter prefix
      }
    }
    return false;
  }

  private static boolean starts(byte[] b, int len, int at, String ascii) {
    if (at + ascii.length() > len) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[at + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean starts(byte[] b, int len, int at, Object... parts) {
    int pos = at;
    for (Object p : parts) {
      if (p instanceof String s) {
        if (!starts(b, len, pos, s)) {
          return false;
        }
        pos += s.length();
      } else {
        int v = p instanceof Character c ? c : (Integer) p;
        if (pos >= len || (b[pos] & 0xFF) != v) {
          return false;
        }
        pos++;
      }
    }
    return true;
  }
}
