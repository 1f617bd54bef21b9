package io.tapline.storage.crypto;

import io.tapline.storage.StorageException;

/** Ciphertext that fails authentication or is not in our envelope format: tampered, truncated. */
public final class CorruptCiphertextException extends StorageException {
  public CorruptCiphertextException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
