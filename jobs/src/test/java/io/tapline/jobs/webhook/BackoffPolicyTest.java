package io.tapline.jobs.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  @Test
  void doublesUpToTheCapWithoutJitter() {
    BackoffPolicy policy =
        new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60), 0.0, 8);
    assertEquals(Duration.ofSeconds(10), policy.delayAfter(1, () -> 0.5));
    assertEquals(Duration.ofSeconds(20), policy.delayAfter(2, () -> 0.5));
    assertEquals(Duration.ofSeconds(40), policy.delayAfter(3, () -> 0.5));
    assertEquals(Duration.ofSeconds(60), policy.delayAfter(4, () -> 0.5));
    assertEquals(Duration.ofSeconds(60), policy.delayAfter(30, () -> 0.5));
  }

  @Test
  void jitterShortensByUpToItsFraction() {
    BackoffPolicy policy =
        new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofHours(1), 0.2, 8);
    assertEquals(Duration.ofSeconds(20), policy.delayAfter(2, () -> 0.0));
    assertEquals(Duration.ofSeconds(18), policy.delayAfter(2, () -> 0.5));
    assertEquals(Duration.ofMillis(16_000), policy.delayAfter(2, () -> 0.99999999));
  }

  @Test
  void countsAttemptsInAll() {
    BackoffPolicy policy =
        new BackoffPolicy(Duration.ofMillis(5), 2.0, Duration.ofMillis(50), 0, 4);
    assertTrue(policy.retriesAfter(1));
    assertTrue(policy.retriesAfter(3));
    assertFalse(policy.retriesAfter(4));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackoffPolicy(Duration.ZERO, 2.0, Duration.ofSeconds(1), 0, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackoffPolicy(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1), 0, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackoffPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(1), 1.0, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(1), 0, 0));
  }
}
