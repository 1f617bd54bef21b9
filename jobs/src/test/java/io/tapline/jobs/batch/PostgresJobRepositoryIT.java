package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.EmbeddedS3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;

/**
 * The cluster set-up: the job repository in a real PostgreSQL beside storage's index tables,
 * running a recording's finalization (no composition, to stay quick) and the maintenance jobs.
 */
class PostgresJobRepositoryIT {
  @TempDir Path tmp;

  @Test
  void batchTablesAreCreatedOnPostgresAndJobsRunThere() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start()) {
      IndexSettings index = IndexSettings.postgres(pg.getJdbcUrl("postgres", "postgres"),
          "postgres", "");
      try (BatchWorker w = new BatchWorker(index, s3.settings("tapline"),
          tmp.resolve("recordings"), tmp.resolve("work"), Map.of())) {
        assertFalse(BatchSchema.initialize(w.index.dataSource()), "created on start-up already");
        var m = BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-pg", "conv-pg", 2)
            .readManifest();
        BatchFixtures.conversation(w.index, "conv-pg", "{\"compositions\":[]}");

        JobExecution e = w.finalizeRecording("rec-pg");

        assertEquals(BatchStatus.COMPLETED, e.getStatus(), e.getAllFailureExceptions().toString());
        BatchAssertions.assertFinalized(w, m, 0);
        assertEquals(BatchStatus.COMPLETED,
            w.jobs.verifyArchive(Instant.now(), false, false).getStatus());
        assertEquals(List.of(), w.jobs.running());
        assertTrue(w.jobs.finalizeStatus("rec-pg").orElseThrow().steps().size() == 7);
      }
    }
  }
}
