package io.tapline.storage.index;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.StorageException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** API keys (stored hashed) and webhook subscriptions. */
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

  public Webhook saveWebhook(Webhook w) {
    KeyLayout.id(w.id());
    URI u = URI.create(w.url());
    if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
      throw StorageException.invalid("webhook URL must be http(s): " + w.url());
    }
    jdbc.upsert("UPDATE webhook SET url = ?, secret = ?, event_types = ?, active = ? WHERE id = ?",
        new Object[] {w.url(), w.secret(), join(w.eventTypes()), w.active(), w.id()},
        "INSERT INTO webhook (url, secret, event_types, active, id, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?)",
        new Object[] {w.url(), w.secret(), join(w.eventTypes()), w.active(), w.id(),
            w.createdAt()});
    return w;
  }

  /** Active webhooks subscribed to {@code eventType}. */
  public List<Webhook> webhooksFor(String eventType) {
    return jdbc.query("SELECT id, url, secret, event_types, active, created_at FROM webhook "
            + "WHERE active = TRUE ORDER BY id",
        rs -> new Webhook(rs.getString("id"), rs.getString("url"), rs.getString("secret"),
            split(rs.getString("event_types")), rs.getBoolean("active"),
            Jdbc.instant(rs, "created_at"))).stream()
        .filter(w -> w.eventTypes().contains(eventType) || w.eventTypes().contains("*"))
        .toList();
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
