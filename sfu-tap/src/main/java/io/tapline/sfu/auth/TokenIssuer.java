package io.tapline.sfu.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Issues join tokens: compact JWS (RFC 7515) JWTs (RFC 7519) signed with HS256. Claims: {@code
 * sub} participant id, {@code conv} conversation id, {@code name} display name, {@code role},
 * {@code iat}, {@code exp}. Thread-safe.
 */
public final class TokenIssuer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER =
      Hs256.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final Hs256 hmac;
  private final Clock clock;

  /** @param secret shared with the {@link TokenVerifier}, at least 32 bytes */
  public TokenIssuer(byte[] secret, Clock clock) {
    this.hmac = new Hs256(secret);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String issue(String conversationId, String participantId, String displayName, Role role, Duration validFor) {
    if (validFor == null || validFor.isNegative() || validFor.isZero()) {
      throw new IllegalArgumentException("validFor must be positive");
    }
    Instant now = clock.instant();
    return issue(new TokenClaims(conversationId, participantId, displayName, role, now, now.plus(validFor)));
  }

  /** A token that also names the issuing application (claim {@code app}). */
  public String issue(String applicationId, String conversationId, String participantId, String displayName, Role role,
      Duration validFor) {
    if (validFor == null || validFor.isNegative() || validFor.isZero()) {
      throw new IllegalArgumentException("validFor must be positive");
    }
    Instant now = clock.instant();
    return issue(new TokenClaims(conversationId, participantId, displayName, role, now, now.plus(validFor),
        applicationId));
  }

  public String issue(TokenClaims claims) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("sub", claims.participantId());
    payload.put("conv", claims.conversationId());
    if (claims.displayName() != null) {
      payload.put("name", claims.displayName());
    }
    payload.put("role", claims.role().wireName());
    if (claims.applicationId() != null) {
      payload.put("app", claims.applicationId());
    }
    payload.put("iat", claims.issuedAt().getEpochSecond());
    payload.put("exp", claims.expiresAt().getEpochSecond());
    String body;
    try {
      body = Hs256.encode(JSON.writeValueAsBytes(payload));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String signingInput = HEADER + "." + body;
    return signingInput + "." + Hs256.encode(hmac.sign(signingInput));
  }
}
