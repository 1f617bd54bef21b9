package io.tapline.jobs.batch;

import static io.tapline.jobs.batch.BatchAssertions.assertFinalized;
import static io.tapline.jobs.batch.BatchAssertions.deliveries;
import static io.tapline.jobs.batch.BatchAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.jobs.batch.fixture.Ffprobe;
import io.tapline.jobs.event.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.EmbeddedS3Server;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a composition: a worker JVM running {@code finalizeRecording} is
 * killed while it encodes; a new worker JVM on the same database and storage resumes the job at
 * the compose step and completes it, leaving no duplicate object, row or event.
 */
class FinalizeKillIT {
  static final String CONFIG = "{\"applicationId\":\"app1\",\"compositions\":["
      + "{\"layout\":\"grid\",\"format\":\"mp4\",\"width\":640,\"height\":360,\"fps\":30},"
      + "{\"layout\":\"active_speaker\",\"format\":\"webm\",\"width\":640,\"height\":360,"
      + "\"fps\":30}]}";

  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void aWorkerKilledMidCompositionIsResumedByAnotherWithoutDuplicates() throws Exception {
    Path recordings = tmp.resolve("recordings");
    Path work = tmp.resolve("work");
    Manifest m = BatchFixtures.threeParticipants(recordings, "rec-k", "conv-k", 5)
        .readManifest();
    IndexSettings index = IndexSettings.h2(tmp.resolve("db"));
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
        // opened first, so this JVM serves the H2 file to the workers (AUTO_SERVER)
        BatchWorker observer = new BatchWorker(index, s3.settings("tapline"), recordings,
            tmp.resolve("observer-work"), Map.of())) {
      observer.subscriptions.create("app1", URI.create("http://127.0.0.1:9/hook"),
          Set.of(EventType.RECORDING_READY, EventType.COMPOSITION_READY));
      BatchFixtures.conversation(observer.index, "conv-k", CONFIG);
      List<String> args = List.of(index.jdbcUrl(), s3.endpoint().toString(),
          recordings.toString(), work.toString(), "rec-k");

      Process first = worker(args, tmp.resolve("first.log"));
      try {
        awaitComposing(observer, work.resolve("rec-k/compositions"), first);
      } finally {
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);
      }
      assertEquals(List.of("STARTED"), executionStatuses(observer), "left running by the dead");
      assertEquals(0, deliveries(observer).size(), "nothing announced yet");

      Process second = worker(args, tmp.resolve("second.log"));
      assertTrue(second.waitFor(240, TimeUnit.SECONDS), "second worker finished");
      String log = Files.readString(tmp.resolve("second.log"));
      assertEquals(0, second.exitValue(), log);
      assertTrue(log.contains("DONE COMPLETED"), log);

      assertEquals(List.of("FAILED", "COMPLETED"), executionStatuses(observer));
      // the second run resumed at compose: earlier steps were not run again
      assertEquals(List.of("compose", "uploadOutputs", "publishReady", "cleanup"),
          stepsOfLastExecution(observer));
      assertFinalized(observer, m, 2);
      assertEquals(1, rows(observer, "recording", "rec-k"));
      assertEquals(6, rows(observer, "track", "rec-k"));
      assertEquals(2, rows(observer, "composition", "rec-k"));
      assertEquals(Map.of("composition.ready", 2, "recording.ready", 1), deliveries(observer));
    }
  }

  private static Process worker(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), FinalizeWorkerMain.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  /** Waits until the worker's compose step runs and a composition is being written. */
  private static void awaitComposing(BatchWorker observer, Path compositions, Process p)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("worker exited before composing: " + p.exitValue());
      }
      if ("STARTED".equals(stepStatus(observer, "compose")) && partialExists(compositions)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the worker never reached the compose step");
  }

  private static boolean partialExists(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().contains(".part."));
    }
  }

  private static String stepStatus(BatchWorker w, String step) throws SQLException {
    List<String> s = strings(w, "SELECT STATUS FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = ? "
        + "ORDER BY STEP_EXECUTION_ID DESC", step);
    return s.isEmpty() ? null : s.get(0);
  }

  private static List<String> executionStatuses(BatchWorker w) throws SQLException {
    return strings(w, "SELECT e.STATUS FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i "
        + "ON e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID WHERE i.JOB_NAME = ? "
        + "ORDER BY e.JOB_EXECUTION_ID", BatchJobs.FINALIZE);
  }

  private static List<String> stepsOfLastExecution(BatchWorker w) throws SQLException {
    return strings(w, "SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = "
        + "(SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION) AND 1 = ? "
        + "ORDER BY STEP_EXECUTION_ID", 1);
  }

  private static List<String> strings(BatchWorker w, String sql, Object arg)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = w.index.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
