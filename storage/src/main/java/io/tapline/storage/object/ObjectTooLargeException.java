package io.tapline.storage.object;

import io.tapline.storage.StorageException;

/** The source was longer than the limit given for it (a 413, the caller's fault). */
public final class ObjectTooLargeException extends StorageException {
  public ObjectTooLargeException(long limit) {
    super("content exceeds the limit of " + limit + " bytes", true, null);
  }
}
