package io.tapline.jobs.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tapline.jobs.webhook.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final String SECRET = "whsec_test";
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  @Test
  void matchesAnIndependentlyComputedHmac() {
    // python3: hmac.new(b'whsec_test', b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assertEquals(
        "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        WebhookSignature.header(SECRET, T, BODY));
  }

  @Test
  void verifiesWhatItSigns() {
    String header = WebhookSignature.header(SECRET, T, BODY);
    assertEquals(
        Verdict.VALID, WebhookSignature.verify(SECRET, header, BODY, T.plusSeconds(30), TOLERANCE));
  }

  @Test
  void rejectsAChangedBodyTimestampOrSecret() {
    String header = WebhookSignature.header(SECRET, T, BODY);
    byte[] changed = "{\"a\":2}".getBytes(StandardCharsets.UTF_8);
    assertEquals(Verdict.MISMATCH, WebhookSignature.verify(SECRET, header, changed, T, TOLERANCE));
    assertEquals(Verdict.MISMATCH, WebhookSignature.verify("other", header, BODY, T, TOLERANCE));
    String movedTimestamp = header.replace("t=1700000000", "t=1700000100");
    assertEquals(
        Verdict.MISMATCH, WebhookSignature.verify(SECRET, movedTimestamp, BODY, T, TOLERANCE));
  }

  @Test
  void rejectsReplaysOutsideTheTolerance() {
    String header = WebhookSignature.header(SECRET, T, BODY);
    assertEquals(
        Verdict.OUTSIDE_TOLERANCE,
        WebhookSignature.verify(SECRET, header, BODY, T.plus(Duration.ofMinutes(6)), TOLERANCE));
  }

  @Test
  void rejectsMalformedHeaders() {
    for (String header : new String[] {null, "", "v1=abcd", "t=17,v1=zz", "t=x,v1=ab", "garbage"}) {
      assertEquals(
          Verdict.MALFORMED, WebhookSignature.verify(SECRET, header, BODY, T, TOLERANCE), header);
    }
  }
}
