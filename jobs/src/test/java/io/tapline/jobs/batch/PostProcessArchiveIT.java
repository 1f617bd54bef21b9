package io.tapline.jobs.batch;

import static io.tapline.jobs.batch.BatchAssertions.assertStoredWithChecksum;
import static io.tapline.jobs.batch.BatchAssertions.deliveries;
import static io.tapline.jobs.batch.BatchAssertions.download;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.jobs.batch.fixture.Ffprobe;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.index.Track;
import io.tapline.storage.index.TrackKind;
import io.tapline.storage.object.EmbeddedS3Server;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;

/**
 * {@code postProcessArchive} on a worker that never saw the conversation: the recording's
 * segments exist only in storage (its tap directory is gone), and the worker re-composes it with
 * another layout and format and exports each speaker's audio.
 */
class PostProcessArchiveIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void aRecordingStoredOnlyInStorageIsRecomposedAndItsSpeakersExported() throws Exception {
    IndexSettings index = IndexSettings.h2(tmp.resolve("db"));
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start()) {
      // the node that recorded it: segments stored, no composition, no track files kept
      try (BatchWorker recorder = new BatchWorker(index, s3.settings("tapline"),
          tmp.resolve("tap"), tmp.resolve("tap-work"), Map.of())) {
        var dir = BatchFixtures.threeParticipants(tmp.resolve("tap"), "rec-p", "conv-p", 3);
        BatchFixtures.conversation(recorder.index, "conv-p",
            "{\"applicationId\":\"app1\",\"compositions\":[]}");
        recorder.subscriptions.create("app1", URI.create("http://127.0.0.1:9/hook"),
            Set.of(EventType.COMPOSITION_READY));
        new SegmentArchiver(recorder.content, recorder.index.recordings(),
            java.time.Clock.systemUTC()).archive(dir);
        FinalizeRecordingIT.deleteTree(tmp.resolve("tap"));
      }
      assertFalse(Files.exists(tmp.resolve("tap")));

      // another worker, empty directories of its own
      try (BatchWorker w = new BatchWorker(index, s3.settings("tapline"),
          tmp.resolve("other-recordings"), tmp.resolve("other-work"), Map.of())) {
        for (Track t : w.index.recordings().tracks("rec-p")) {
          assertNull(t.file(), "no track file before post-processing");
        }
        CompositionRequest speaker = new CompositionRequest(LayoutKind.ACTIVE_SPEAKER,
            OutputFormat.WEBM_VP8, 320, 180, 15);
        JobExecution compose = w.jobs.postProcess(PostProcessRequest.compose("rec-p", speaker));

        assertEquals(BatchStatus.COMPLETED, compose.getStatus(),
            compose.getAllFailureExceptions().toString());
        Composition c = w.index.recordings().compositions("rec-p").get(0);
        assertEquals(speaker.compositionId("rec-p"), c.id());
        assertEquals("active_speaker", c.layout());
        assertEquals("webm_vp8", c.format());
        assertStoredWithChecksum(w, c.object());
        JsonNode probe = Ffprobe.probe(download(w, c.object().key(), tmp.resolve("s.webm")));
        assertEquals("vp8", Ffprobe.stream(probe, "video").get("codec_name").asText());
        assertEquals(320, Ffprobe.stream(probe, "video").get("width").asInt());
        assertEquals("opus", Ffprobe.stream(probe, "audio").get("codec_name").asText());
        assertEquals(3.0, probe.get("format").get("duration").asDouble(), 0.2);
        assertEquals(Map.of("composition.ready", 1), deliveries(w));

        JobExecution audio = w.jobs.postProcess(PostProcessRequest.speakerAudio("rec-p"));

        assertEquals(BatchStatus.COMPLETED, audio.getStatus(),
            audio.getAllFailureExceptions().toString());
        for (Track t : w.index.recordings().tracks("rec-p")) {
          if (t.kind() == TrackKind.AUDIO) {
            assertStoredWithChecksum(w, t.file());
            JsonNode a = Ffprobe.probe(download(w, t.file().key(), tmp.resolve(t.id() + ".ogg")));
            assertEquals("opus", Ffprobe.stream(a, "audio").get("codec_name").asText());
          } else {
            assertNull(t.file(), "video tracks are not part of a speaker-audio export");
          }
        }
        // the same request again is the same job instance: nothing redone
        assertEquals(compose.getId(),
            w.jobs.postProcess(PostProcessRequest.compose("rec-p", speaker)).getId());
        assertEquals(1, w.index.recordings().compositions("rec-p").size());
        assertTrue(Files.notExists(tmp.resolve("other-work/post")) || isEmpty(
            tmp.resolve("other-work/post")), "scratch directories removed");
      }
    }
  }

  @Test
  void aFailedPostProcessingResumesAtItsFailedStep() throws Exception {
    IndexSettings index = IndexSettings.h2(tmp.resolve("db"));
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
        BatchWorker w = new BatchWorker(index, s3.settings("tapline"), tmp.resolve("none"),
            tmp.resolve("work"), Map.of())) {
      var dir = BatchFixtures.threeParticipants(tmp.resolve("tap"), "rec-r", "conv-r", 2);
      BatchFixtures.conversation(w.index, "conv-r", "{\"compositions\":[]}");
      new SegmentArchiver(w.content, w.index.recordings(), java.time.Clock.systemUTC())
          .archive(dir);
      CompositionRequest grid = new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 320,
          180, 15);
      String id = grid.compositionId("rec-r");
      Path blocker = tmp.resolve("work/post/" + id + "/compositions/" + id + ".part.mp4");
      Files.createDirectories(blocker.resolve("in-the-way"));

      JobExecution failed = w.jobs.postProcess(PostProcessRequest.compose("rec-r", grid));

      assertEquals(BatchStatus.FAILED, failed.getStatus());
      // resumed as by another worker: the fetched recording is gone too, and fetched again
      FinalizeRecordingIT.deleteTree(tmp.resolve("work/post/" + id));
      JobExecution resumed = w.jobs.postProcess(PostProcessRequest.compose("rec-r", grid));

      assertEquals(BatchStatus.COMPLETED, resumed.getStatus(),
          resumed.getAllFailureExceptions().toString());
      assertEquals(failed.getJobId(), resumed.getJobId());
      assertEquals(java.util.List.of("process", "storeOutputs", "postCleanup"),
          FinalizeRecordingIT.stepNames(resumed));
      assertEquals(1, w.index.recordings().compositions("rec-r").size());
      assertStoredWithChecksum(w, w.index.recordings().compositions("rec-r").get(0).object());
      assertEquals(1, BatchAssertions.objects(w, "conv-r", "rec-r").keySet().stream()
          .filter(k -> k.contains("/compositions/")).count());
    }
  }

  private static boolean isEmpty(Path dir) throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
