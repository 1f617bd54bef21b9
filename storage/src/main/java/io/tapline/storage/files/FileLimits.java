package io.tapline.storage.files;

/** Limits on exchanged files. */
public record FileLimits(long maxBytes) {
  public static final FileLimits DEFAULT = new FileLimits(100L * 1024 * 1024);

  public FileLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1");
    }
  }
}
