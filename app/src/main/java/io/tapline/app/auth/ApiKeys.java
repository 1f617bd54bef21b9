package io.tapline.app.auth;

import io.tapline.storage.index.AccessRepository;
import io.tapline.storage.index.ApiKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Backend API keys. A key belongs to one application (kept as the key's name in the index, only the
 * SHA-256 of the secret is stored); the secret is shown once, at creation.
 */
public final class ApiKeys {
  public static final Pattern APPLICATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final String SCOPE = "api";
  private static final String PREFIX = "tpk_";

  private final AccessRepository access;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ApiKeys(AccessRepository access, Clock clock) {
    this.access = access;
    this.clock = clock;
  }

  /** A new key for {@code application}; the returned secret is not stored anywhere. */
  public CreatedKey create(String application) {
    if (application == null || !APPLICATION.matcher(application).matches()) {
      throw new IllegalArgumentException(
          "application name must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit: "
              + application);
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String id = "key-" + UUID.randomUUID();
    access.createApiKey(id, application, secret, Set.of(SCOPE), clock.instant());
    return new CreatedKey(id, application, secret);
  }

  /** The application of the active key with this secret. */
  public Optional<String> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 128) {
      return Optional.empty();
    }
    return access.authenticate(secret).filter(k -> k.scopes().contains(SCOPE)).map(ApiKey::name);
  }

  public record CreatedKey(String id, String application, String secret) {}
}
