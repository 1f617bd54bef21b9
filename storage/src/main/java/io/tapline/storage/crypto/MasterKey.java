package io.tapline.storage.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An operator's key-encryption key: a 256-bit AES key and the id stored in every object and index
 * row it protects, so a rotated key ring still finds the right key. Tapline never stores it.
 */
public final class MasterKey {
  private final String id;
  private final SecretKey key;

  public MasterKey(String id, byte[] keyBytes) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(keyBytes, "keyBytes");
    if (!id.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new IllegalArgumentException("key id must be 1-64 chars of [A-Za-z0-9._:-]");
    }
    if (keyBytes.length != 32) {
      throw new IllegalArgumentException("master key must be 32 bytes (AES-256), got "
          + keyBytes.length);
    }
    this.id = id;
    this.key = new SecretKeySpec(Arrays.copyOf(keyBytes, 32), "AES");
  }

  /** Parses {@code id:base64key}, the form used in configuration. */
  public static MasterKey parse(String spec) {
    int colon = spec == null ? -1 : spec.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("master key must look like id:base64(32 bytes)");
    }
    return new MasterKey(spec.substring(0, colon), Base64.getDecoder().decode(
        spec.substring(colon + 1).trim()));
  }

  public String id() {
    return id;
  }

  SecretKey secretKey() {
    return key;
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + "]";
  }
}
