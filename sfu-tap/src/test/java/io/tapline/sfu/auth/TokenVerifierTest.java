package io.tapline.sfu.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.sfu.auth.TokenException.Reason;
import io.tapline.sfu.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

  final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T10:00:00Z"));
  final TokenIssuer issuer = new TokenIssuer(SECRET, clock);
  final TokenVerifier verifier = new TokenVerifier(SECRET, clock, Duration.ofSeconds(5));

  @Test
  void roundTripsClaims() throws Exception {
    String token = issuer.issue("conv-1", "alice", "Alice Ä.", Role.MODERATOR, Duration.ofMinutes(10));
    TokenClaims c = verifier.verify(token);
    assertEquals("conv-1", c.conversationId());
    assertEquals("alice", c.participantId());
    assertEquals("Alice Ä.", c.displayName());
    assertEquals(Role.MODERATOR, c.role());
    assertEquals(Instant.parse("2026-11-23T10:10:00Z"), c.expiresAt());
  }

  @Test
  void carriesTheIssuingApplication() throws Exception {
    TokenClaims c = verifier.verify(issuer.issue("acme", "conv-1", "alice", null, Role.PUBLISHER,
        Duration.ofMinutes(1)));
    assertEquals("acme", c.applicationId());
    assertEquals(null, verifier.verify(issuer.issue("conv-1", "alice", null, Role.PUBLISHER,
        Duration.ofMinutes(1))).applicationId(), "no app claim: no application");
    assertThrows(IllegalArgumentException.class, () -> issuer.issue("bad app", "conv-1", "alice", null,
        Role.PUBLISHER, Duration.ofMinutes(1)));
  }

  @Test
  void acceptsAnHs256TokenSignedByAnotherTool() throws Exception {
    // Made with base64url + `openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef -binary`;
    // exp is 2026-11-23T10:00:00Z, the fake clock's start.
    String token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        + ".eyJzdWIiOiJib2IiLCJjb252IjoiYyIsInJvbGUiOiJzdWJzY3JpYmVyIiwiZXhwIjoxNzk1NDI4MDAwfQ"
        + ".D9nhWelKEw0enP8xKrs2kiWH7QUp2E6OiCiq0d7ZTt8";
    TokenClaims c = verifier.verify(token);
    assertEquals("bob", c.participantId());
    assertEquals("c", c.conversationId());
    assertEquals(Role.SUBSCRIBER, c.role());
    assertEquals(null, c.displayName());
    String tail = token.substring(token.lastIndexOf('.') + 2);
    String head = token.substring(0, token.lastIndexOf('.') + 1);
    // 'D' -> 'E' flips one signature bit.
    assertReason(Reason.BAD_SIGNATURE, head + "E" + tail);
    // '8' -> '9' changes only the unused trailing bits: same bytes, but not canonical base64url.
    assertReason(Reason.MALFORMED, token.substring(0, token.length() - 1) + "9");
  }

  @Test
  void refusesTokenSignedWithAnotherSecret() {
    String token = new TokenIssuer(OTHER_SECRET, clock).issue("c", "alice", null, Role.PUBLISHER, Duration.ofHours(1));
    assertReason(Reason.BAD_SIGNATURE, token);
  }

  @Test
  void refusesTamperedPayload() throws Exception {
    String token = issuer.issue("c", "alice", null, Role.SUBSCRIBER, Duration.ofHours(1));
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("subscriber", "moderator");
    assertReason(Reason.BAD_SIGNATURE, parts[0] + "." + b64(payload) + "." + parts[2]);
  }

  @Test
  void refusesAlgNoneEvenWithoutSignature() {
    String h = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String p = b64("{\"sub\":\"mallory\",\"conv\":\"c\",\"role\":\"moderator\",\"exp\":1795428000}");
    assertReason(Reason.UNSUPPORTED_ALGORITHM, h + "." + p + ".");
    assertReason(Reason.UNSUPPORTED_ALGORITHM, h + "." + p + "." + b64("x"));
  }

  @Test
  void refusesOtherAlgorithms() {
    for (String alg : new String[] {"HS512", "RS256", "hs256", ""}) {
      String h = b64("{\"alg\":\"" + alg + "\"}");
      String p = b64("{\"sub\":\"a\",\"conv\":\"c\",\"role\":\"moderator\",\"exp\":1795428000}");
      String sig = Hs256.encode(new Hs256(SECRET).sign(h + "." + p));
      assertReason(Reason.UNSUPPORTED_ALGORITHM, h + "." + p + "." + sig);
    }
  }

  @Test
  void refusesMalformedTokens() {
    String good = issuer.issue("c", "alice", null, Role.PUBLISHER, Duration.ofHours(1));
    String[] parts = good.split("\\.");
    assertReason(Reason.MALFORMED, "");
    assertReason(Reason.MALFORMED, "abc");
    assertReason(Reason.MALFORMED, parts[0] + "." + parts[1]);
    assertReason(Reason.MALFORMED, good + ".x");
    assertReason(Reason.MALFORMED, "!!!." + parts[1] + "." + parts[2]);
    assertReason(Reason.MALFORMED, b64("not json") + "." + parts[1] + "." + parts[2]);
    assertReason(Reason.MALFORMED, b64("[1]") + "." + parts[1] + "." + parts[2]);
    assertReason(Reason.MALFORMED, parts[0] + "." + parts[1] + "." + parts[2] + "==");
    assertReason(Reason.MALFORMED, "a".repeat(9000));
  }

  @Test
  void refusesBadClaimsEvenWhenSigned() {
    String h = b64("{\"alg\":\"HS256\"}");
    for (String payload : new String[] {
        "{\"conv\":\"c\",\"role\":\"moderator\",\"exp\":1795428000}",
        "{\"sub\":\"a\",\"conv\":\"c\",\"role\":\"king\",\"exp\":1795428000}",
        "{\"sub\":\"a\",\"conv\":\"c\",\"role\":\"moderator\"}",
        "{\"sub\":\"a\",\"conv\":\"c\",\"role\":\"moderator\",\"exp\":\"tomorrow\"}",
        "{\"sub\":\"a\",\"conv\":\"c\",\"role\":\"moderator\",\"exp\":9223372036854775807}",
        "{\"sub\":\"../etc\",\"conv\":\"c\",\"role\":\"moderator\",\"exp\":1795428000}"}) {
      String p = b64(payload);
      String sig = Hs256.encode(new Hs256(SECRET).sign(h + "." + p));
      assertReason(Reason.INVALID_CLAIMS, h + "." + p + "." + sig);
    }
  }

  @Test
  void expiryAllowsOnlyTheConfiguredSkew() throws Exception {
    String token = issuer.issue("c", "alice", null, Role.PUBLISHER, Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(64));
    verifier.verify(token);
    clock.advance(Duration.ofSeconds(2));
    assertReason(Reason.EXPIRED, token);
  }

  @Test
  void notBeforeIsChecked() {
    String h = b64("{\"alg\":\"HS256\"}");
    long nbf = clock.instant().plusSeconds(60).getEpochSecond();
    String p = b64("{\"sub\":\"a\",\"conv\":\"c\",\"role\":\"publisher\",\"exp\":1795428000,\"nbf\":" + nbf + "}");
    String sig = Hs256.encode(new Hs256(SECRET).sign(h + "." + p));
    assertReason(Reason.NOT_YET_VALID, h + "." + p + "." + sig);
  }

  @Test
  void shortSecretsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TokenVerifier(new byte[16], clock));
    assertThrows(IllegalArgumentException.class, () -> new TokenIssuer(new byte[31], clock));
  }

  @Test
  void issuerValidatesIds() {
    assertThrows(IllegalArgumentException.class,
        () -> issuer.issue("c", "a/b", null, Role.PUBLISHER, Duration.ofMinutes(1)));
    assertThrows(IllegalArgumentException.class,
        () -> issuer.issue(".hidden", "a", null, Role.PUBLISHER, Duration.ofMinutes(1)));
    assertThrows(IllegalArgumentException.class,
        () -> issuer.issue("c", "a", null, Role.PUBLISHER, Duration.ZERO));
  }

  private void assertReason(Reason expected, String token) {
    TokenException e = assertThrows(TokenException.class, () -> verifier.verify(token));
    assertEquals(expected, e.reason(), e.getMessage());
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
