package io.tapline.storage.object;

import java.time.Instant;
import java.util.Map;

/** What the object store knows of one stored object. */
public record ObjectInfo(String key, long size, String eTag, Instant lastModified,
    Map<String, String> metadata) {
  public ObjectInfo {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
