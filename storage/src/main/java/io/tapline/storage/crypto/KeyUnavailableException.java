package io.tapline.storage.crypto;

import io.tapline.storage.StorageException;

/** An object is encrypted under a master key this process was not given. */
public final class KeyUnavailableException extends StorageException {
  private final String keyId;

  public KeyUnavailableException(String keyId) {
    super("object is encrypted with master key '" + keyId
        + "' which is not configured; add it to the key ring to read it", false, null);
    this.keyId = keyId;
  }

  public String keyId() {
    return keyId;
  }
}
