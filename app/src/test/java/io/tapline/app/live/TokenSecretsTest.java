package io.tapline.app.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSecretsTest {
  @TempDir Path dir;

  @Test
  void generatesOnceAndKeepsIt() throws Exception {
    byte[] first = TokenSecrets.resolve(null, dir);
    assertTrue(first.length >= TokenSecrets.MIN_BYTES);
    assertArrayEquals(first, TokenSecrets.resolve("", dir), "survives a restart");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token-secret"))));
  }

  @Test
  void configuredSecretWinsAndMustBeLongEnough() {
    String s = "x".repeat(32);
    assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), TokenSecrets.resolve(s, dir));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenSecrets.resolve("short", dir));
    assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
  }
}
