package io.tapline.storage;

/** The object or index row the caller named does not exist (a 404, the caller's fault). */
public final class NotFoundException extends StorageException {
  public NotFoundException(String message) {
    super(message, true, null);
  }
}
