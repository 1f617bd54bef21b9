package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingStatus;
import io.tapline.storage.object.EmbeddedS3Server;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.item.ExecutionContext;

/** {@code purgeExpired} and {@code verifyArchive} as batch jobs on real storage. */
class MaintenanceJobsIT {
  @TempDir Path tmp;

  @Test
  void purgeRemovesExpiredRecordingsAndVerifyReportsWhatIsWrong() throws Exception {
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
        BatchWorker w = new BatchWorker(IndexSettings.h2(tmp.resolve("db")),
            s3.settings("tapline"), tmp.resolve("recordings"), tmp.resolve("work"), Map.of())) {
      var old = BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-old", "conv-m", 2);
      var kept = BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-kept",
          "conv-m", 2);
      BatchFixtures.conversation(w.index, "conv-m", "{\"compositions\":[]}");
      var archiver = new SegmentArchiver(w.content, w.index.recordings(),
          java.time.Clock.systemUTC());
      archiver.archive(old);
      archiver.archive(kept);
      w.index.recordings().retainUntil("rec-old", Instant.now().minus(1, ChronoUnit.DAYS));
      w.objects.put(KeyLayout.recording("conv-m", "rec-kept") + "stray.bin",
          new ByteArrayInputStream(new byte[] {1, 2, 3}), "application/octet-stream");

      JobExecution verify = w.jobs.verifyArchive(Instant.parse("2026-11-24T00:00:00Z"), true,
          false);

      assertEquals(BatchStatus.COMPLETED, verify.getStatus());
      ExecutionContext found = verify.getStepExecutions().iterator().next()
          .getExecutionContext();
      assertEquals(1, found.getInt("orphaned"));
      assertEquals(0, found.getInt("missing"));
      assertEquals(0, found.getInt("mismatched"));
      assertTrue(found.getString("orphanedKeys").endsWith("stray.bin"));

      JobExecution purge = w.jobs.purgeExpired(Instant.parse("2026-11-24T00:00:00Z"));

      assertEquals(BatchStatus.COMPLETED, purge.getStatus());
      assertTrue(w.index.recordings().find("rec-old").isEmpty());
      assertTrue(w.index.recordings().find("rec-kept").isPresent());
      assertTrue(BatchAssertions.objects(w, "conv-m", "rec-old").isEmpty());
      assertEquals(1, purge.getStepExecutions().iterator().next().getExecutionContext()
          .getInt("recordings"));
      // the same occurrence again (a second node, a re-fire) does nothing new
      assertEquals(purge.getId(),
          w.jobs.purgeExpired(Instant.parse("2026-11-24T00:00:00Z")).getId());
    }
  }

  @Test
  void purgeRunsOnItsCronSchedule() throws Exception {
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
        BatchWorker w = new BatchWorker(IndexSettings.h2(tmp.resolve("db")),
            s3.settings("tapline"), tmp.resolve("recordings"), tmp.resolve("work"),
            Map.of("tapline.jobs.batch.purge-cron", "*/1 * * * * *",
                "tapline.jobs.batch.verify-cron", ""))) {
      BatchFixtures.conversation(w.index, "conv-s", "{}");
      Instant t = Instant.now().minus(2, ChronoUnit.DAYS);
      w.index.recordings().save(new Recording("rec-s", "conv-s", RecordingStatus.AVAILABLE, t,
          t.plusSeconds(60), 60_000L, null, t.plusSeconds(3600)), t);

      long deadline = System.nanoTime() + 20_000_000_000L;
      while (w.index.recordings().find("rec-s").isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }

      assertTrue(w.index.recordings().find("rec-s").isEmpty(), "purged by the schedule");
      var purges = w.context.getBean(org.springframework.batch.core.explore.JobExplorer.class)
          .getJobInstances(BatchJobs.PURGE, 0, 100);
      assertTrue(purges.size() >= 1, "purge job instances: " + purges);
    }
  }
}
