package io.tapline.storage.index;

import java.time.Instant;
import java.util.Set;

/** A backend API key; only its SHA-256 is stored. */
public record ApiKey(String id, String name, Set<String> scopes, Instant createdAt,
    Instant revokedAt) {
  public ApiKey {
    scopes = Set.copyOf(scopes);
  }

  public boolean active() {
    return revokedAt == null;
  }
}
