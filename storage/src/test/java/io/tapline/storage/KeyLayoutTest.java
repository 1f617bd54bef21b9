package io.tapline.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyLayoutTest {
  @Test
  void documentedLayout() {
    assertEquals("conversations/c1/recordings/r1/segments/cam/00000042.seg",
        KeyLayout.segment("c1", "r1", "cam", 42));
    assertEquals("conversations/c1/recordings/r1/tracks/mic.ogg",
        KeyLayout.track("c1", "r1", "mic", "ogg"));
    assertEquals("conversations/c1/recordings/r1/compositions/k1.mp4",
        KeyLayout.composition("c1", "r1", "k1", "mp4"));
    assertEquals("conversations/c1/recordings/r1/compositions/k1/seg-00001.m4s",
        KeyLayout.compositionFile("c1", "r1", "k1", "seg-00001.m4s"));
    assertEquals("conversations/c1/recordings/r1/manifest.json", KeyLayout.manifest("c1", "r1"));
    assertEquals("conversations/c1/files/f1", KeyLayout.file("c1", "f1"));
    assertTrue(KeyLayout.segment("c1", "r1", "cam", 0).startsWith(KeyLayout.recording("c1",
        "r1")));
  }

  @Test
  void idsThatCouldEscapeTheirPrefixAreTheCallersFault() {
    for (String bad : new String[] {"..", "a/b", "", "x".repeat(65), "a b", "é"}) {
      var e = assertThrows(StorageException.class, () -> KeyLayout.file("c1", bad), bad);
      assertTrue(e.isCallerFault());
    }
    assertThrows(StorageException.class, () -> KeyLayout.track("c", "r", "t", "../x"));
    assertThrows(StorageException.class, () -> KeyLayout.segment("c", "r", "t", -1));
    for (String bad : new String[] {"../x.ts", "x", ".ts", "a/b.ts", "x.TS", "x.", "a.b/c"}) {
      assertThrows(StorageException.class, () -> KeyLayout.compositionFile("c", "r", "k", bad),
          bad);
    }
  }
}
