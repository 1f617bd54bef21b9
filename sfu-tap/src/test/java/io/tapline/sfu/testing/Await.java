package io.tapline.sfu.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits, with a deadline, for what an I/O thread does asynchronously (a counter reaching a value),
 * instead of sleeping a fixed time that a loaded machine can overrun. Returns as soon as the
 * condition holds; the deadline only bounds a failing test.
 */
public final class Await {
  public static final long TIMEOUT_MILLIS = 10_000;

  private Await() {}

  /** Polls until {@code actual} gives {@code expected}, then (or at the deadline) asserts it. */
  public static void equal(long expected, LongSupplier actual, String message) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
    while (actual.getAsLong() != expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(expected, actual.getAsLong(), message);
  }

  /** Polls until {@code condition} holds, failing with {@code message} at the deadline. */
  public static void until(BooleanSupplier condition, String message) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(condition.getAsBoolean(), message);
  }
}
