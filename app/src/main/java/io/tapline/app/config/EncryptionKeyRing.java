package io.tapline.app.config;

import io.tapline.storage.crypto.KeyRing;
import io.tapline.storage.crypto.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's master keys for encryption at rest, from {@code tapline.storage.encryption-keys}
 * and then {@code tapline.storage.encryption-key-file} (docs/storage.md, "Encryption at rest"). A
 * key that does not parse stops the start with the property and the entry's position, never with
 * the key itself.
 */
final class EncryptionKeyRing {
  private EncryptionKeyRing() {}

  /** The key ring, or empty when no key is configured (objects are then stored in the clear). */
  static Optional<KeyRing> load(List<String> keys, Path keyFile) {
    List<MasterKey> ring = new ArrayList<>();
    int n = 0;
    for (String spec : keys == null ? List.<String>of() : keys) {
      n++;
      if (!spec.isBlank()) {
        ring.add(parse(spec, "tapline.storage.encryption-keys entry " + n));
      }
    }
    if (keyFile != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(keyFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("tapline.storage.encryption-key-file " + keyFile
            + " cannot be read", e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          ring.add(parse(line, "tapline.storage.encryption-key-file " + keyFile + " line "
              + (i + 1)));
        }
      }
      if (ring.isEmpty()) {
        throw new IllegalArgumentException("tapline.storage.encryption-key-file " + keyFile
            + " holds no key (expected lines of id:base64(32 bytes))");
      }
    }
    try {
      return ring.isEmpty() ? Optional.empty() : Optional.of(new KeyRing(ring));
    } catch (IllegalArgumentException e) { // a duplicate id
      throw new IllegalArgumentException("tapline.storage.encryption-keys: " + e.getMessage(), e);
    }
  }

  private static MasterKey parse(String spec, String where) {
    try {
      return MasterKey.parse(spec.strip());
    } catch (IllegalArgumentException e) {
      // Base64's own message names a character of the key at most; ours names the entry.
      throw new IllegalArgumentException(where + " is not a master key: expected "
          + "id:base64(32 bytes), e.g. ops-2025:$(openssl rand -base64 32)", null);
    }
  }
}
