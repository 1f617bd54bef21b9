package io.tapline.jobs.batch;

import static io.tapline.jobs.batch.BatchAssertions.assertFinalized;
import static io.tapline.jobs.batch.BatchAssertions.deliveries;
import static io.tapline.jobs.batch.BatchAssertions.download;
import static io.tapline.jobs.batch.BatchAssertions.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.jobs.batch.fixture.Ffprobe;
import io.tapline.jobs.event.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingStatus;
import java.time.Instant;
import io.tapline.storage.object.EmbeddedS3Server;
import io.tapline.storage.object.ObjectInfo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepExecution;

/**
 * {@code finalizeRecording} end to end: a real recording directory, the in-process S3 server, an
 * H2 file index with the job repository and the webhook outbox in it.
 */
class FinalizeRecordingIT {
  static final String CONFIG = "{\"applicationId\":\"app1\",\"compositions\":[{\"layout\":"
      + "\"grid\",\"format\":\"mp4\",\"width\":320,\"height\":180,\"fps\":15}]}";

  @TempDir Path tmp;
  EmbeddedS3Server s3;
  BatchWorker worker;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @BeforeEach
  void start() {
    s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
    worker = new BatchWorker(IndexSettings.h2(tmp.resolve("db")), s3.settings("tapline"),
        tmp.resolve("recordings"), tmp.resolve("work"), Map.of());
    worker.subscriptions.create("app1", URI.create("http://127.0.0.1:9/hook"),
        Set.of(EventType.RECORDING_READY, EventType.COMPOSITION_READY,
            EventType.RECORDING_FAILED));
  }

  @AfterEach
  void stop() {
    worker.close();
    s3.close();
  }

  @Test
  void recordingIsFinalizedIntoTrackFilesAndAGridMp4IndexedWithChecksums() throws Exception {
    Manifest m = BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-a", "conv-a", 4)
        .readManifest();
    BatchFixtures.conversation(worker.index, "conv-a", CONFIG);
    // the row the app wrote when recording started, with a retention of its own
    Instant retain = Instant.parse("2030-01-01T00:00:00Z");
    worker.index.recordings().save(new Recording("rec-a", "conv-a", RecordingStatus.STOPPED,
        Instant.ofEpochSecond(0, m.startedMicros() * 1000), null, null, null, retain),
        Instant.now());

    JobExecution e = worker.finalizeRecording("rec-a");

    assertEquals(BatchStatus.COMPLETED, e.getStatus(), e.getAllFailureExceptions().toString());
    assertEquals(List.of("verifySegments", "uploadSegments", "exportTracks", "compose",
        "uploadOutputs", "publishReady", "cleanup"), stepNames(e));
    int segments = m.tracks().stream().mapToInt(t -> t.segments().size()).sum();
    assertEquals(segments, step(e, "uploadSegments").getWriteCount());
    assertEquals(6, step(e, "exportTracks").getWriteCount());
    assertEquals(1, step(e, "compose").getWriteCount());
    assertEquals(7, step(e, "uploadOutputs").getWriteCount());
    Map<String, ObjectInfo> stored = assertFinalized(worker, m, 1);
    Recording row = worker.index.recordings().get("rec-a");
    assertEquals(retain, row.retainUntil(), "the app's retention is kept");
    assertEquals(4000, row.durationMs(), 50);

    Composition grid = worker.index.recordings().compositions("rec-a").get(0);
    assertEquals("grid", grid.layout());
    assertEquals("mp4", grid.format());
    JsonNode probe = Ffprobe.probe(download(worker, grid.object().key(), tmp.resolve("g.mp4")));
    JsonNode v = Ffprobe.stream(probe, "video");
    assertEquals("h264", v.get("codec_name").asText());
    assertEquals(320, v.get("width").asInt());
    assertEquals(180, v.get("height").asInt());
    assertEquals("aac", Ffprobe.stream(probe, "audio").get("codec_name").asText());
    assertEquals(4.0, probe.get("format").get("duration").asDouble(), 0.2);
    JsonNode cam = Ffprobe.probe(download(worker, worker.index.recordings().tracks("rec-a")
        .stream().filter(t -> t.id().equals("bob-cam")).findFirst().orElseThrow().file().key(),
        tmp.resolve("bob.webm")));
    assertEquals("vp8", Ffprobe.stream(cam, "video").get("codec_name").asText());
    assertEquals(Map.of("composition.ready", 1, "recording.ready", 1), deliveries(worker));
    assertFalse(Files.exists(tmp.resolve("work").resolve("rec-a")), "work directory removed");

    // the instance is the recording id: running it again is a no-op
    JobExecution again = worker.finalizeRecording("rec-a");
    assertEquals(e.getId(), again.getId());
    assertEquals(stored, BatchAssertions.objects(worker, "conv-a", "rec-a"));
    assertEquals(Map.of("composition.ready", 1, "recording.ready", 1), deliveries(worker));
  }

  @Test
  void aFailedStepResumesOnRestartWithoutDuplicates() throws Exception {
    Manifest m = BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-b", "conv-b", 3)
        .readManifest();
    BatchFixtures.conversation(worker.index, "conv-b", CONFIG);
    // the composition cannot be written: a directory squats on its partial file
    String compositionId = ConversationSettings.parse(CONFIG, "x").compositions().get(0)
        .compositionId("rec-b");
    Path blocker = tmp.resolve("work/rec-b/compositions/" + compositionId + ".part.mp4");
    Files.createDirectories(blocker.resolve("in-the-way"));

    JobExecution failed = worker.finalizeRecording("rec-b");

    assertEquals(BatchStatus.FAILED, failed.getStatus());
    assertEquals(BatchStatus.FAILED, step(failed, "compose").getStatus());
    assertEquals(BatchStatus.COMPLETED, step(failed, "exportTracks").getStatus());
    assertEquals(RecordingStatus.FAILED, worker.index.recordings().get("rec-b").status());
    assertEquals(Map.of("recording.failed", 1), deliveries(worker));
    assertEquals("FAILED", worker.jobs.finalizeStatus("rec-b").orElseThrow().status());

    // resumed as by another worker: nothing of the first run's work directory is left, and the
    // tap's directory it is told about is not on it (recordingDir does not identify the instance)
    deleteTree(tmp.resolve("work/rec-b"));
    JobExecution resumed = worker.jobs.finalizeRecording("rec-b",
        tmp.resolve("another-node/rec-b"));

    assertEquals(BatchStatus.COMPLETED, resumed.getStatus(),
        resumed.getAllFailureExceptions().toString());
    assertEquals(failed.getJobId(), resumed.getJobId(), "same job instance");
    // the steps that completed are not run again
    assertEquals(List.of("compose", "uploadOutputs", "publishReady", "cleanup"),
        stepNames(resumed));
    assertFinalized(worker, m, 1);
    assertEquals(1, rows(worker, "recording", "rec-b"));
    assertEquals(6, rows(worker, "track", "rec-b"));
    assertEquals(1, rows(worker, "composition", "rec-b"));
    assertEquals(Map.of("composition.ready", 1, "recording.failed", 1, "recording.ready", 1),
        deliveries(worker));
  }

  @Test
  void aSegmentThatDoesNotMatchTheManifestFailsVerificationAndStoresNothing() throws Exception {
    var dir = BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-c", "conv-c", 3);
    BatchFixtures.conversation(worker.index, "conv-c", CONFIG);
    Path seg = dir.resolve(dir.readManifest().track("carol-cam").orElseThrow().segments()
        .get(0));
    byte[] bytes = Files.readAllBytes(seg);
    bytes[bytes.length / 2] ^= 0x5a; // same size, broken checksum
    Files.write(seg, bytes);

    JobExecution e = worker.finalizeRecording("rec-c");

    assertEquals(BatchStatus.FAILED, e.getStatus());
    assertEquals(List.of("verifySegments"), stepNames(e));
    String why = e.getAllFailureExceptions().get(0).getMessage();
    assertTrue(why.contains("tracks/carol-cam/000000"), why);
    assertTrue(BatchAssertions.objects(worker, "conv-c", "rec-c").isEmpty());
  }

  @Test
  void aGracefulShutdownStopsTheJobAtAStepBoundaryAndTheNextRunResumesIt() throws Exception {
    Manifest m = BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-s", "conv-s", 2)
        .readManifest();
    BatchFixtures.conversation(worker.index, "conv-s", CONFIG);
    CompositionSlots.Slot busy = worker.context.getBean(CompositionSlots.class).acquire();
    worker.launch("rec-s");
    await("rec-s", st -> st.progress() != null && st.progress().waiting());

    List<Long> left = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread shutdown = new Thread(() -> {
      try {
        left.addAll(worker.jobs.stopLocalExecutions());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    shutdown.start();
    await("rec-s", st -> st.status().equals("STOPPING"));
    busy.close(); // the composition in progress finishes; the step then stops
    shutdown.join(120_000);

    assertEquals(List.of(), left, "stopped within the grace");
    JobStatus stopped = worker.jobs.finalizeStatus("rec-s").orElseThrow();
    assertEquals("STOPPED", stopped.status(), stopped.toString());
    assertEquals("compose", stopped.currentStep());
    assertEquals(RecordingStatus.PROCESSING, worker.index.recordings().get("rec-s").status(),
        "a stop is not a failure");
    assertEquals(Map.of(), deliveries(worker));

    JobExecution resumed = worker.finalizeRecording("rec-s");
    assertEquals(BatchStatus.COMPLETED, resumed.getStatus(),
        resumed.getAllFailureExceptions().toString());
    assertEquals(List.of("compose", "uploadOutputs", "publishReady", "cleanup"),
        stepNames(resumed));
    assertFinalized(worker, m, 1);
    assertEquals(1, rows(worker, "composition", "rec-s"));
    assertEquals(Map.of("composition.ready", 1, "recording.ready", 1), deliveries(worker));
  }

  @Test
  void aDirectoryHoldingAnotherRecordingIsRefused() throws Exception {
    BatchFixtures.threeParticipants(tmp.resolve("recordings"), "rec-w", "conv-w", 1);
    JobExecution e = worker.jobs.finalizeRecording("rec-v", tmp.resolve("recordings/rec-w"));
    assertEquals(BatchStatus.FAILED, e.getStatus());
    String why = e.getAllFailureExceptions().get(0).getMessage();
    assertTrue(why.contains("holds recording rec-w, not rec-v"), why);
  }

  @Test
  void compositionsQueueForTheWorkersSlotsWithStatusAndProgressVisible() throws Exception {
    for (String rec : List.of("rec-q1", "rec-q2")) {
      BatchFixtures.threeParticipants(tmp.resolve("recordings"), rec, "conv-q", 2);
    }
    BatchFixtures.conversation(worker.index, "conv-q", CONFIG);
    CompositionSlots slots = worker.context.getBean(CompositionSlots.class);
    assertEquals(1, slots.capacity());
    CompositionSlots.Slot busy = slots.acquire(); // the worker's only slot, taken

    worker.launch("rec-q1");
    worker.launch("rec-q2");

    for (String rec : List.of("rec-q1", "rec-q2")) {
      JobStatus s = await(rec, st -> st.progress() != null && st.progress().waiting());
      assertEquals("STARTED", s.status());
      assertEquals("compose", s.currentStep());
      assertTrue(s.progress().activity().startsWith("composing " + rec), s.toString());
      assertEquals(6, s.steps().stream().filter(x -> x.name().equals("exportTracks"))
          .findFirst().orElseThrow().writeCount());
    }
    assertEquals(2, slots.waiting());
    assertEquals(2, worker.jobs.running().size());
    int[] maxRunning = {0};
    busy.close();
    for (String rec : List.of("rec-q1", "rec-q2")) {
      JobStatus done = await(rec, st -> {
        maxRunning[0] = Math.max(maxRunning[0], slots.running());
        return !st.status().equals("STARTED") && !st.status().equals("STARTING");
      });
      assertEquals("COMPLETED", done.status(), done.toString());
      assertEquals(null, done.progress());
    }
    assertEquals(1, maxRunning[0], "never more compositions at once than slots");
    assertEquals(List.of(), worker.jobs.running());
  }

  private JobStatus await(String recordingId, java.util.function.Predicate<JobStatus> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    JobStatus last = null;
    while (System.nanoTime() < deadline) {
      last = worker.jobs.finalizeStatus(recordingId).orElse(null);
      if (last != null && until.test(last)) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("status of " + recordingId + " never matched; last: " + last);
  }

  static List<String> stepNames(JobExecution e) {
    return e.getStepExecutions().stream()
        .sorted(java.util.Comparator.comparingLong(StepExecution::getId))
        .map(StepExecution::getStepName).toList();
  }

  static StepExecution step(JobExecution e, String name) {
    return e.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + stepNames(e)));
  }

  static void deleteTree(Path p) throws java.io.IOException {
    try (var all = Files.walk(p)) {
      for (Path x : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
