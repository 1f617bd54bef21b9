package io.tapline.app.startup;

import io.tapline.storage.StorageException;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.ContentStore.RecoveryReport;
import io.tapline.storage.object.StoredContent;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, before the API serves: finishes the journaled uploads a crash interrupted (their
 * source file is still there) and aborts the rest, so no half-written multipart upload lingers
 * ({@link ContentStore#recover}). The indexes are written by whoever finishes the job that made
 * the upload (a finalize job resumes and finds the object stored), so only the store is touched.
 */
public final class UploadRecovery {
  private static final Logger log = LoggerFactory.getLogger(UploadRecovery.class);
  /** Every key Tapline writes is under it (storage's KeyLayout). */
  static final String PREFIX = "conversations/";

  private UploadRecovery() {}

  /** Runs the recovery and logs what it did; a store that is down is logged, not fatal. */
  public static Optional<RecoveryReport> run(ContentStore content, Duration grace) {
    long t0 = System.nanoTime();
    try {
      RecoveryReport r = content.recover(PREFIX, grace);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (r.completed().isEmpty() && r.aborted().isEmpty()) {
        log.info("upload recovery: nothing interrupted to finish or abort ({} ms)", ms);
      } else {
        log.warn("upload recovery: {} interrupted upload(s) completed {}, {} aborted {} ({} ms)",
            r.completed().size(), r.completed().stream().map(StoredContent::key).toList(), r.aborted().size(),
            r.aborted(), ms);
      }
      return Optional.of(r);
    } catch (StorageException e) {
      log.error("upload recovery failed; the journal is kept and recovery runs again at the next start", e);
      return Optional.empty();
    }
  }
}
