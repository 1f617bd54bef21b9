package io.tapline.storage.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentSnifferTest {
  static String sniff(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return ContentSniffer.sniff(b, b.length);
  }

  static String sniff(String ascii) {
    byte[] b = ascii.getBytes(StandardCharsets.UTF_8);
    return ContentSniffer.sniff(b, b.length);
  }

  @Test
  void magicNumbers() {
    assertEquals("application/pdf", sniff("%PDF-1.7\n%"));
    assertEquals("image/png", sniff(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0));
    assertEquals("image/jpeg", sniff(0xFF, 0xD8, 0xFF, 0xE0));
    assertEquals("image/gif", sniff("GIF89a...."));
    assertEquals("image/webp", sniff("RIFF\0\0\0\0WEBPVP8 "));
    assertEquals("audio/wav", sniff("RIFF\0\0\0\0WAVEfmt "));
    assertEquals("video/mp4", sniff("\0\0\0\u0020ftypisom"));
    assertEquals("video/quicktime", sniff("\0\0\0\u0014ftypqt  "));
    assertEquals("video/webm", sniff(0x1A, 0x45, 0xDF, 0xA3, 0x9F));
    assertEquals("audio/ogg", sniff("OggS\0\2"));
    assertEquals("application/zip", sniff('P', 'K', 3, 4, 20, 0));
    assertEquals("application/gzip", sniff(0x1F, 0x8B, 8, 0));
  }

  @Test
  void textHtmlAndBinary() {
    assertEquals("text/plain; charset=utf-8", sniff("Meeting notes: café ☕\n"));
    assertEquals("text/plain; charset=utf-8", sniff("<html><script>alert(1)</script>"),
        "HTML is never served as HTML");
    assertEquals("application/octet-stream", sniff(0, 1, 2, 3, 0xFE));
    assertEquals("application/octet-stream", sniff());
    // A UTF-8 character cut by the end of the sniffed head is still text.
    byte[] cut = "abc€".getBytes(StandardCharsets.UTF_8);
    assertEquals("text/plain; charset=utf-8", ContentSniffer.sniff(cut, cut.length - 1));
  }
}
