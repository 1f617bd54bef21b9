package io.tapline.storage.object;

import io.tapline.storage.StorageException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Runs an S3 call under a {@link RetryPolicy}: connection failures, timeouts, 5xx, 408 and 429 are
 * retried with backoff until the time budget is spent; any other 4xx is the request's own fault and
 * surfaces at once, and so does any failure once the calling thread has been interrupted.
 */
final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);
  private final RetryPolicy policy;

  Retrier(RetryPolicy policy) {
    this.policy = policy;
  }

  <T> T call(String what, Supplier<T> op) {
    long firstFailure = 0;
    int attempt = 0;
    while (true) {
      try {
        return op.get();
      } catch (SdkClientException | S3Exception e) {
        if (!isRetryable(e) || stopped(e)) {
          throw e;
        }
        long now = System.nanoTime();
        if (attempt == 0) {
          firstFailure = now;
        }
        attempt++;
        Duration wait = policy.backoff(attempt);
        if (Duration.ofNanos(now - firstFailure).plus(wait).compareTo(policy.giveUpAfter()) > 0) {
          throw StorageException.unavailable(what + " failed after " + attempt + " attempts over "
              + Duration.ofNanos(now - firstFailure).toMillis() + " ms: " + e.getMessage(), e);
        }
        log.warn("{} failed (attempt {}), retrying in {} ms: {}", what, attempt, wait.toMillis(),
            e.getMessage());
        sleep(wait);
      }
    }
  }

  static boolean isRetryable(RuntimeException e) {
    if (e instanceof S3Exception s) {
      int code = s.statusCode();
      return code >= 500 || code == 408 || code == 429;
    }
    return true; // SdkClientException: no response at all (refused, reset, timeout)
  }

  /** The calling thread was interrupted (its upload is being stopped): no point in retrying. */
  private static boolean stopped(RuntimeException e) {
    return e instanceof AbortedException || Thread.currentThread().isInterrupted();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw StorageException.unavailable("interrupted while waiting to retry", ie);
    }
  }
}
