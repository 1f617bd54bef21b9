package io.tapline.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.crypto.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionKeyRingTest {
  static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @TempDir Path dir;

  @Test
  void noKeyMeansNoEncryption() {
    assertTrue(EncryptionKeyRing.load(List.of(), null).isEmpty());
    assertTrue(EncryptionKeyRing.load(null, null).isEmpty());
    assertTrue(EncryptionKeyRing.load(List.of(""), null).isEmpty(), "an empty variable");
  }

  @Test
  void theFirstKeyEncryptsAndTheFileFollowsTheList() throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# rotated out in 2026\n\n  old-1:" + K2 + "  \n");
    KeyRing ring = EncryptionKeyRing.load(List.of(" new-2:" + K1), file).orElseThrow();
    assertEquals("new-2", ring.current().id());
    assertEquals(2, ring.size());
    assertTrue(ring.find("old-1").isPresent());
    KeyRing fromFile = EncryptionKeyRing.load(List.of(), file).orElseThrow();
    assertEquals("old-1", fromFile.current().id());
  }

  @Test
  void aBadKeyNamesItsPlaceNeverItsValue() throws Exception {
    String shortKey = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
    var e = assertThrows(IllegalArgumentException.class,
        () -> EncryptionKeyRing.load(List.of("a:" + K1, "b:" + shortKey), null));
    assertTrue(e.getMessage().contains("tapline.storage.encryption-keys entry 2"), e.getMessage());
    assertFalse(e.getMessage().contains(shortKey), e.getMessage());
    assertEquals(null, e.getCause(), "the cause could carry the key");

    Path file = dir.resolve("keys");
    Files.writeString(file, "a:" + K1 + "\nno-colon-" + K2 + "\n");
    var f = assertThrows(IllegalArgumentException.class, () -> EncryptionKeyRing.load(List.of(), file));
    assertTrue(f.getMessage().contains("line 2"), f.getMessage());
    assertFalse(f.getMessage().contains(K2), f.getMessage());

    Files.writeString(file, "# nothing here\n");
    var empty = assertThrows(IllegalArgumentException.class, () -> EncryptionKeyRing.load(List.of(), file));
    assertTrue(empty.getMessage().contains("holds no key"), empty.getMessage());

    var dup = assertThrows(IllegalArgumentException.class,
        () -> EncryptionKeyRing.load(List.of("a:" + K1, "a:" + K2), null));
    assertTrue(dup.getMessage().contains("duplicate key id a"), dup.getMessage());

    assertThrows(java.io.UncheckedIOException.class,
        () -> EncryptionKeyRing.load(List.of(), dir.resolve("missing")));
  }
}
