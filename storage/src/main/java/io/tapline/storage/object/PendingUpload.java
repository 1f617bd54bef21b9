package io.tapline.storage.object;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A multipart upload of a local file that has started but not completed: enough to finish it after
 * a crash (same source, same parts) or to abort it.
 *
 * @param metadata user metadata the finished object carries (e.g. the encryption header)
 */
public record PendingUpload(String key, String uploadId, Path source, long sourceSize,
    String contentType, Map<String, String> metadata, Instant started) {
  public PendingUpload {
    metadata = Map.copyOf(metadata);
  }
}
