package io.tapline.sfu.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.sfu.auth.TokenException.Reason;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Checks join tokens made by {@link TokenIssuer}: only HS256 is accepted (never {@code none} nor
 * any algorithm the token itself asks for), the signature is compared in constant time, and
 * {@code exp}/{@code nbf} are checked against the clock with a small skew. Thread-safe.
 */
public final class TokenVerifier {
  /** Default tolerance for clocks of issuer and verifier that disagree a little. */
  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(10);
  /** Real tokens are a few hundred bytes; a bound keeps decoding cheap for garbage. */
  static final int MAX_TOKEN_CHARS = 8192;
  private static final long MAX_EPOCH_SECOND = 253402300799L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Hs256 hmac;
  private final Clock clock;
  private final Duration skew;

  public TokenVerifier(byte[] secret, Clock clock) {
    this(secret, clock, DEFAULT_SKEW);
  }

  public TokenVerifier(byte[] secret, Clock clock, Duration allowedSkew) {
    this.hmac = new Hs256(secret);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (allowedSkew == null || allowedSkew.isNegative()) {
      throw new IllegalArgumentException("allowedSkew must be zero or positive");
    }
    this.skew = allowedSkew;
  }

  public TokenClaims verify(String token) throws TokenException {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw new TokenException(Reason.MALFORMED, "token is empty or longer than " + MAX_TOKEN_CHARS + " characters");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new TokenException(Reason.MALFORMED, "token must have three dot-separated parts (JWS compact form)");
    }
    JsonNode header = parseJson(parts[0], "header");
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || !Hs256.ALG.equals(alg.asText())) {
      throw new TokenException(Reason.UNSUPPORTED_ALGORITHM, "token algorithm must be HS256, was " + alg);
    }
    if (header.has("crit")) {
      throw new TokenException(Reason.MALFORMED, "token header has critical extensions this server does not know");
    }
    byte[] signature = Hs256.decode(parts[2]);
    if (signature == null) {
      throw new TokenException(Reason.MALFORMED, "token signature is not base64url");
    }
    if (!hmac.verify(parts[0] + "." + parts[1], signature)) {
      throw new TokenException(Reason.BAD_SIGNATURE, "token signature does not match");
    }
    return claims(parseJson(parts[1], "payload"));
  }

  private TokenClaims claims(JsonNode payload) throws TokenException {
    Instant now = clock.instant();
    Instant exp = Instant.ofEpochSecond(requireNumber(payload, "exp"));
    if (now.isAfter(exp.plus(skew))) {
      throw new TokenException(Reason.EXPIRED, "token expired at " + exp);
    }
    JsonNode nbf = payload.get("nbf");
    if (nbf != null) {
      Instant notBefore = Instant.ofEpochSecond(requireNumber(payload, "nbf"));
      if (now.plus(skew).isBefore(notBefore)) {
        throw new TokenException(Reason.NOT_YET_VALID, "token not valid before " + notBefore);
      }
    }
    Instant iat = payload.has("iat") ? Instant.ofEpochSecond(requireNumber(payload, "iat")) : now;
    String roleName = text(payload, "role");
    Role role = Role.fromWireName(roleName);
    if (role == null) {
      throw new TokenException(Reason.INVALID_CLAIMS, "token role is missing or unknown: " + roleName);
    }
    try {
      return new TokenClaims(text(payload, "conv"), text(payload, "sub"), text(payload, "name"), role, iat, exp,
          text(payload, "app"));
    } catch (IllegalArgumentException e) {
      throw new TokenException(Reason.INVALID_CLAIMS, "token claims are invalid: " + e.getMessage());
    }
  }

  private static JsonNode parseJson(String part, String what) throws TokenException {
    byte[] bytes = Hs256.decode(part);
    if (bytes == null) {
      throw new TokenException(Reason.MALFORMED, "token " + what + " is not base64url");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new TokenException(Reason.MALFORMED, "token " + what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new TokenException(Reason.MALFORMED, "token " + what + " is not JSON");
    }
  }

  private static long requireNumber(JsonNode payload, String name) throws TokenException {
    JsonNode n = payload.get(name);
    // Bounded to years 1970..9999 so Instant never overflows on hostile values.
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > MAX_EPOCH_SECOND) {
      throw new TokenException(Reason.INVALID_CLAIMS, "token claim '" + name + "' must be an integer (seconds)");
    }
    return n.asLong();
  }

  private static String text(JsonNode payload, String name) {
    JsonNode n = payload.get(name);
    return n != null && n.isTextual() ? n.asText() : null;
  }
}
