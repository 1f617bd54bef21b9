package io.tapline.storage;

/**
 * Base of every error this module throws. {@link #isCallerFault()} tells a caller's mistake (bad
 * name, too large, missing object, wrong key) from a failure on our side or of the storage service,
 * so an API layer can answer 4xx or 5xx without guessing.
 */
public class StorageException extends RuntimeException {
  private final boolean callerFault;

  public StorageException(String message, boolean callerFault, Throwable cause) {
    super(message, cause);
    this.callerFault = callerFault;
  }

  /** A request the caller can fix (4xx); false means retry later or look at the server (5xx). */
  public boolean isCallerFault() {
    return callerFault;
  }

  /** The caller asked for something invalid: bad argument, too large, wrong key. */
  public static StorageException invalid(String message) {
    return new StorageException(message, true, null);
  }

  /** The storage service or database failed; the request itself may be fine. */
  public static StorageException unavailable(String message, Throwable cause) {
    return new StorageException(message, false, cause);
  }
}
