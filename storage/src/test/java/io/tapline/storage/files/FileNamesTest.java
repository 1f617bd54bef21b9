package io.tapline.storage.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FileNamesTest {
  @Test
  void separatorsAndControlCharactersNeverSurvive() {
    assertEquals(".._.._etc_passwd", FileNames.sanitize("../../etc/passwd"));
    assertEquals("C:_Windows_win.ini", FileNames.sanitize("C:\\Windows\\win.ini"));
    assertEquals("report.pdf", FileNames.sanitize("re\u0000port\r\n.pdf\u0007"));
    assertEquals("annexe.pdf", FileNames.sanitize("annexe\u202E.pdf"), "bidi override removed");
  }

  @Test
  void emptyDotsAndNullBecomeUnnamed() {
    assertEquals("unnamed", FileNames.sanitize(null));
    assertEquals("unnamed", FileNames.sanitize("  \u0001 "));
    assertEquals("unnamed", FileNames.sanitize(".."));
    assertEquals("unnamed", FileNames.sanitize("."));
  }

  @Test
  void unicodeIsKeptNormalizedAndLengthCappedByCodePoints() {
    assertEquals("Zoë.txt", FileNames.sanitize("Zoe\u0308.txt"));
    String emoji = "\uD83C\uDFA5".repeat(300);
    String s = FileNames.sanitize(emoji);
    assertEquals(FileNames.MAX_LENGTH, s.codePointCount(0, s.length()));
  }
}
