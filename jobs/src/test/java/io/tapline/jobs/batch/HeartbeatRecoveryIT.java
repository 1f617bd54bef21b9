package io.tapline.jobs.batch;

import static io.tapline.jobs.batch.BatchAssertions.assertStoredWithChecksum;
import static io.tapline.jobs.batch.BatchAssertions.deliveries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.jobs.batch.fixture.Ffprobe;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.EmbeddedS3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.explore.JobExplorer;

/**
 * Cluster recovery on a real PostgreSQL: two workers share the job repository; worker A's
 * composition is running (held, waiting for A's only composition slot) when A stops beating, as
 * a dead or cut-off node does. While A beats, B leaves it alone; once A is silent for the
 * timeout, B fails A's execution and restarts it, and B's run completes it from storage. When A
 * wakes up afterwards, its stale run stores nothing and announces nothing a second time.
 */
class HeartbeatRecoveryIT {
  private static final Map<String, String> NODE = Map.of(
      "tapline.jobs.batch.heartbeat-interval", "300ms",
      "tapline.jobs.batch.heartbeat-timeout", "2s",
      "tapline.jobs.batch.recover-on-startup", "false");
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void aSilentWorkersExecutionIsFailedAndRestartedByAnother() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start()) {
      IndexSettings index = IndexSettings.postgres(pg.getJdbcUrl("postgres", "postgres"),
          "postgres", "");
      try (BatchWorker a = node(index, s3, "node-a"); BatchWorker b = node(index, s3, "node-b")) {
        var dir = BatchFixtures.threeParticipants(tmp.resolve("tap"), "rec-h", "conv-h", 2);
        BatchFixtures.conversation(a.index, "conv-h",
            "{\"applicationId\":\"app1\",\"compositions\":[]}");
        a.subscriptions.create("app1", URI.create("http://127.0.0.1:9/hook"),
            Set.of(EventType.COMPOSITION_READY, EventType.COMPOSITION_FAILED));
        new SegmentArchiver(a.content, a.index.recordings(), java.time.Clock.systemUTC())
            .archive(dir);
        CompositionRequest grid = new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 320,
            180, 15);
        PostProcessRequest request = PostProcessRequest.compose("rec-h", grid);
        CompositionSlots slotsOfA = a.context.getBean(CompositionSlots.class);
        CompositionSlots.Slot held = slotsOfA.acquire();
        HeartbeatMonitor heartOfA = a.context.getBean(HeartbeatMonitor.class);
        JobExplorer explorer = b.context.getBean(JobExplorer.class);

        JobExecution onA = a.jobs.launchPostProcess(request);
        await("A's compose to wait for its slot", Duration.ofSeconds(60),
            () -> slotsOfA.waiting() == 1);
        // A beats: B leaves its execution alone for longer than the timeout
        Thread.sleep(3_000);
        assertEquals(BatchStatus.STARTED, explorer.getJobExecution(onA.getId()).getStatus());
        assertEquals(Set.of(onA.getId()), heartOfA.local());

        heartOfA.close(); // A goes silent
        long silentAt = System.nanoTime();
        await("B to fail A's execution", Duration.ofSeconds(30),
            () -> explorer.getJobExecution(onA.getId()).getStatus() == BatchStatus.FAILED);
        double tookSeconds = (System.nanoTime() - silentAt) / 1e9;
        assertTrue(tookSeconds >= 1.7 && tookSeconds < 10, "recovered after " + tookSeconds);
        JobExecution failed = explorer.getJobExecution(onA.getId());
        assertTrue(failed.getExitStatus().getExitDescription().contains("abandoned"),
            failed.getExitStatus().toString());
        JobInstance instance = failed.getJobInstance();
        await("B's restart to complete", Duration.ofSeconds(120),
            () -> explorer.getLastJobExecution(instance).getStatus() == BatchStatus.COMPLETED);
        JobExecution onB = explorer.getLastJobExecution(instance);
        assertTrue(onB.getId() > onA.getId());
        assertEquals(List.of("process", "storeOutputs", "postCleanup"),
            FinalizeRecordingIT.stepNames(onB));
        Composition c = b.index.recordings().compositions("rec-h").get(0);
        assertEquals(CompositionStatus.AVAILABLE, c.status());
        assertStoredWithChecksum(b, c.object());
        assertEquals(Map.of("composition.ready", 1), deliveries(b));

        // A wakes up: its stale run goes on, finds itself taken over and stores nothing more
        held.close();
        await("A's stale run to end", Duration.ofSeconds(120), () -> heartOfA.local().isEmpty());
        // its commit found the execution changed under it (optimistic locking): Spring Batch
        // leaves it FAILED, or UNKNOWN when the stale step tried to save; never COMPLETED
        assertTrue(Set.of(BatchStatus.FAILED, BatchStatus.UNKNOWN).contains(
            explorer.getJobExecution(onA.getId()).getStatus()));
        assertEquals(BatchStatus.COMPLETED, explorer.getLastJobExecution(instance).getStatus());
        assertEquals(1, b.index.recordings().compositions("rec-h").size());
        assertEquals(CompositionStatus.AVAILABLE,
            b.index.recordings().compositions("rec-h").get(0).status());
        assertEquals(1, BatchAssertions.objects(b, "conv-h", "rec-h").keySet().stream()
            .filter(k -> k.contains("/compositions/")).count());
        assertEquals(Map.of("composition.ready", 1), deliveries(b));
      }
    }
  }

  private BatchWorker node(IndexSettings index, EmbeddedS3Server s3, String name) {
    Map<String, String> props = new java.util.HashMap<>(NODE);
    props.put("tapline.jobs.batch.node-id", name);
    return new BatchWorker(index, s3.settings("tapline"), tmp.resolve(name + "-recordings"),
        tmp.resolve(name + "-work"), props);
  }

  private static void await(String what, Duration limit, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
