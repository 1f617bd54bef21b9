package io.tapline.storage.index;

import io.tapline.storage.StorageException;
import java.sql.SQLException;

/** A row with the same natural key exists (a 409, the caller's fault). */
public final class DuplicateKeyException extends StorageException {
  DuplicateKeyException(SQLException cause) {
    super("already exists: " + cause.getMessage(), true, cause);
  }
}
