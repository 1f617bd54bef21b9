package io.tapline.app.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The HMAC secret of join tokens: configured, or generated once and kept in the data directory. */
public final class TokenSecrets {
  public static final int MIN_BYTES = 32;

  private TokenSecrets() {}

  public static byte[] resolve(String configured, Path dataDir) {
    if (configured != null && !configured.isBlank()) {
      byte[] b = configured.getBytes(StandardCharsets.UTF_8);
      if (b.length < MIN_BYTES) {
        throw new IllegalArgumentException("tapline.tokens.secret must be at least " + MIN_BYTES
            + " bytes (got " + b.length + "); generate one with: openssl rand -base64 48");
      }
      return b;
    }
    Path file = dataDir.resolve("token-secret");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDir);
        byte[] raw = new byte[48];
        new SecureRandom().nextBytes(raw);
        Path tmp = Files.createTempFile(dataDir, "token-secret", ".tmp");
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the directory's permissions protect it
        }
        Files.writeString(tmp, Base64.getEncoder().encodeToString(raw), StandardOpenOption.WRITE);
        try {
          Files.move(tmp, file);
        } catch (IOException e) {
          Files.deleteIfExists(tmp); // another process created it first: use theirs
        }
      }
      return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the token secret " + file, e);
    }
  }
}
