package io.tapline.compositor.track;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects {@link Skip}s, adding up counts of the same track and reason. Not thread-safe. */
public final class SkipLog {
  private final Map<String, Skip> byKey = new LinkedHashMap<>();

  public void add(String trackId, String reason, long count, String detail) {
    if (count <= 0) {
      return;
    }
    String key = trackId + "|" + reason;
    Skip old = byKey.get(key);
    byKey.put(key, old == null
        ? new Skip(trackId, reason, count, detail)
        : new Skip(trackId, reason, old.count() + count, old.detail()));
  }

  public List<Skip> entries() {
    return List.copyOf(new ArrayList<>(byKey.values()));
  }

  public boolean isEmpty() {
    return byKey.isEmpty();
  }
}
