package io.tapline.storage.index;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * API keys (stored hashed). Webhook subscriptions live in the jobs module
 * ({@code jobs_webhook_subscription}), next to the outbox that delivers them.
 */
public final class AccessRepository {
  private final Jdbc jdbc;

  AccessRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a key by the hash of its secret; the secret itself is never written. */
  public ApiKey createApiKey(String id, String name, String secret, Set<String> scopes,
      Instant now) {
    KeyLayout.id(id);
    if (secret == null || secret.length() < 32) {
      throw StorageException.invalid("API key secret must be at least 32 characters");
    }
    jdbc.update("INSERT INTO api_key (id, name, key_hash, scopes, created_at) VALUES "
        + "(?, ?, ?, ?, ?)", id, name, hash(secret), join(scopes), now);
    return new ApiKey(id, name, scopes, now, null);
  }

  /** The active key whose secret this is, if any. */
  public Optional<ApiKey> authenticate(String secret) {
    if (secret == null) {
      return Optional.empty();
    }
    return jdbc.one("SELECT id, name, scopes, created_at, revoked_at FROM api_key "
        + "WHERE key_hash = ? AND revoked_at IS NULL", rs -> new ApiKey(rs.getString("id"),
        rs.getString("name"), split(rs.getString("scopes")), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "revoked_at")), hash(secret));
  }

  public boolean revokeApiKey(String id, Instant now) {
    return jdbc.update("UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        now, id) > 0;
  }

  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String join(Set<String> s) {
    for (String v : s) {
      if (!v.matches("[A-Za-z0-9_.:*-]{1,64}")) {
        throw StorageException.invalid("bad scope or event type: " + v);
      }
    }
    return String.join(",", new TreeSet<>(s));
  }

  private static Set<String> split(String s) {
    return s.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(s.split(",")));
  }
}
