package io.tapline.jobs.batch;

import static io.tapline.jobs.batch.BatchAssertions.assertStoredWithChecksum;
import static io.tapline.jobs.batch.BatchAssertions.deliveries;
import static io.tapline.jobs.batch.BatchAssertions.download;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.jobs.batch.fixture.Ffprobe;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.KeyLayout;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionFile;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.EmbeddedS3Server;
import io.tapline.storage.object.ObjectInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;

/**
 * The derived outputs of {@code postProcessArchive} (transcode, audio, poster, thumbnails, HLS)
 * on a worker that never saw the conversation: the recording's segments exist only in the
 * in-process S3 server, its grid MP4 is composed there first, and every output is made from
 * what is stored, checked with ffprobe after a round trip through storage.
 */
class PostProcessDerivedIT {
  private static final String REC = "rec-d";
  private static final String CONV = "conv-d";
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void everyDerivedOutputFromStorageAlone() throws Exception {
    IndexSettings index = IndexSettings.h2(tmp.resolve("db"));
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start()) {
      stageInStorageOnly(index, s3);
      try (BatchWorker w = new BatchWorker(index, s3.settings("tapline"),
          tmp.resolve("other-recordings"), tmp.resolve("other-work"), Map.of())) {
        CompositionRequest grid = new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 320,
            180, 15);
        completed(w.jobs.postProcess(PostProcessRequest.compose(REC, grid)));
        String source = grid.compositionId(REC);

        // transcode: MP4 H.264/AAC -> WebM VP9/Opus at half the width
        var transcode = DerivedRequest.transcode(source, "webm_vp9", 160, 0, 300_000);
        JsonNode t = probe(w, stored(w, transcode, "grid", "webm_vp9"), "t.webm");
        assertEquals("vp9", Ffprobe.stream(t, "video").get("codec_name").asText());
        assertEquals(160, Ffprobe.stream(t, "video").get("width").asInt());
        assertEquals(90, Ffprobe.stream(t, "video").get("height").asInt());
        assertEquals("opus", Ffprobe.stream(t, "audio").get("codec_name").asText());
        assertEquals(3.0, t.get("format").get("duration").asDouble(), 0.15);

        // audio only: from the composition (AAC copied into M4A), and the tracks' mix as Ogg
        JsonNode a = probe(w, stored(w, DerivedRequest.audio(source, "m4a"), "grid", "m4a_aac"),
            "a.m4a");
        assertNull(Ffprobe.stream(a, "video"));
        assertEquals("aac", Ffprobe.stream(a, "audio").get("codec_name").asText());
        assertEquals(3.0, a.get("format").get("duration").asDouble(), 0.15);
        JsonNode mix = probe(w, stored(w, DerivedRequest.audio(DerivedRequest.MIX, "ogg"),
            "audio_mix", "ogg_opus"), "mix.ogg");
        assertNull(Ffprobe.stream(mix, "video"));
        assertEquals("opus", Ffprobe.stream(mix, "audio").get("codec_name").asText());
        assertEquals(2, Ffprobe.stream(mix, "audio").get("channels").asInt());
        assertEquals(3.0, mix.get("format").get("duration").asDouble(), 0.1);

        // poster at 1.5 s
        JsonNode poster = probe(w, stored(w, DerivedRequest.poster(source, "jpg", 160, 0, 1500),
            "grid", "poster_jpeg"), "p.jpg");
        assertEquals("mjpeg", Ffprobe.stream(poster, "video").get("codec_name").asText());
        assertEquals(160, Ffprobe.stream(poster, "video").get("width").asInt());
        assertEquals(90, Ffprobe.stream(poster, "video").get("height").asInt());

        // a strip of 6 thumbnails: 6 tiles as composition files, the sprite on the row
        var thumbs = DerivedRequest.thumbnails(source, "jpeg", 80, 0, 6);
        Composition strip = stored(w, thumbs, "grid", "thumbs_jpeg");
        String stripId = thumbs.outputId(REC);
        assertEquals(KeyLayout.compositionFile(CONV, REC, stripId, "sprite.jpg"),
            strip.object().key());
        JsonNode sprite = probe(w, strip, "sprite.jpg");
        assertEquals(480, Ffprobe.stream(sprite, "video").get("width").asInt());
        assertEquals(44, Ffprobe.stream(sprite, "video").get("height").asInt());
        List<CompositionFile> tiles = w.index.recordings().compositionFiles(stripId);
        assertEquals(6, tiles.size());
        for (CompositionFile f : tiles) {
          assertStoredWithChecksum(w, f.object());
          JsonNode tile = Ffprobe.probe(download(w, f.object().key(), tmp.resolve(f.name())));
          assertEquals(80, Ffprobe.stream(tile, "video").get("width").asInt());
          assertEquals(44, Ffprobe.stream(tile, "video").get("height").asInt());
        }
        assertEquals(7, objectsUnder(w, stripId).size(), "6 tiles and the sprite, nothing else");

        // HLS, fMP4 segments copied from the MP4
        var hls = DerivedRequest.hls(source, "hls_fmp4", 1);
        checkHls(w, stored(w, hls, "grid", "hls_fmp4"), hls.outputId(REC), 3.0);

        // nothing left in the scratch directories; one composition.ready per output
        assertTrue(isEmpty(tmp.resolve("other-work/post")), "scratch directories removed");
        assertEquals(Map.of("composition.ready", 7), deliveries(w));

        // every request again: the same job instances, no new object, row or event
        Map<String, ObjectInfo> before = BatchAssertions.objects(w, CONV, REC);
        int fileRows = w.index.recordings().compositionFiles(stripId).size();
        for (DerivedRequest d : List.of(transcode, DerivedRequest.audio(source, "m4a"),
            DerivedRequest.audio(DerivedRequest.MIX, "ogg"),
            DerivedRequest.poster(source, "jpeg", 160, 0, 1500), thumbs, hls)) {
          JobExecution again = w.jobs.postProcess(PostProcessRequest.derive(REC, d));
          assertEquals(BatchStatus.COMPLETED, again.getStatus());
        }
        assertEquals(before, BatchAssertions.objects(w, CONV, REC));
        assertEquals(fileRows, w.index.recordings().compositionFiles(stripId).size());
        assertEquals(7, w.index.recordings().compositions(REC).size());
        assertEquals(Map.of("composition.ready", 7), deliveries(w));
      }
    }
  }

  @Test
  void aFailedHlsPackagingResumesAndStoresOneSetAndAMissingSourceFailsClearly()
      throws Exception {
    IndexSettings index = IndexSettings.h2(tmp.resolve("db"));
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start()) {
      stageInStorageOnly(index, s3);
      try (BatchWorker w = new BatchWorker(index, s3.settings("tapline"), tmp.resolve("none"),
          tmp.resolve("work"), Map.of())) {
        w.subscriptions.create("app1", URI.create("http://127.0.0.1:9/hook"),
            Set.of(EventType.COMPOSITION_FAILED));
        CompositionRequest grid = new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 320,
            180, 15);
        completed(w.jobs.postProcess(PostProcessRequest.compose(REC, grid)));
        var hls = DerivedRequest.hls(grid.compositionId(REC), "hls_ts", 1);
        String id = hls.outputId(REC);
        // the outputs directory is a file: the process step fails
        Path blocker = tmp.resolve("work/post/" + id + "/compositions");
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "in the way");

        JobExecution failed = w.jobs.postProcess(PostProcessRequest.derive(REC, hls));

        assertEquals(BatchStatus.FAILED, failed.getStatus());
        assertEquals(CompositionStatus.FAILED, row(w, id).status());
        assertEquals(1, deliveries(w).get("composition.failed"));
        // resumed as by another worker: its scratch directory gone, the source fetched again
        FinalizeRecordingIT.deleteTree(tmp.resolve("work/post/" + id));
        JobExecution resumed = w.jobs.postProcess(PostProcessRequest.derive(REC, hls));

        completed(resumed);
        assertEquals(failed.getJobId(), resumed.getJobId());
        assertEquals(List.of("process", "storeOutputs", "postCleanup"),
            FinalizeRecordingIT.stepNames(resumed));
        checkHls(w, row(w, id), id, 3.0);

        // a source that is not a stored composition: FAILED with the reason, announced
        JobExecution missing = w.jobs.postProcess(PostProcessRequest.derive(REC,
            DerivedRequest.poster("no-such-composition", "png", 160, 0, 0)));
        assertEquals(BatchStatus.FAILED, missing.getStatus());
        assertTrue(missing.getAllFailureExceptions().get(0).getMessage()
            .contains("has no stored composition no-such-composition"),
            missing.getAllFailureExceptions().toString());
        assertEquals(2, deliveries(w).get("composition.failed"));
      }
    }
  }

  /** A 3 s recording of three participants whose segments are only in storage. */
  private void stageInStorageOnly(IndexSettings index, EmbeddedS3Server s3) throws Exception {
    try (BatchWorker recorder = new BatchWorker(index, s3.settings("tapline"),
        tmp.resolve("tap"), tmp.resolve("tap-work"), Map.of())) {
      var dir = BatchFixtures.threeParticipants(tmp.resolve("tap"), REC, CONV, 3);
      BatchFixtures.conversation(recorder.index, CONV,
          "{\"applicationId\":\"app1\",\"compositions\":[]}");
      recorder.subscriptions.create("app1", URI.create("http://127.0.0.1:9/hook"),
          Set.of(EventType.COMPOSITION_READY));
      new SegmentArchiver(recorder.content, recorder.index.recordings(),
          java.time.Clock.systemUTC()).archive(dir);
      FinalizeRecordingIT.deleteTree(tmp.resolve("tap"));
    }
  }

  private static void completed(JobExecution e) {
    assertEquals(BatchStatus.COMPLETED, e.getStatus(), e.getAllFailureExceptions().toString());
  }

  /** Runs the request; its row is AVAILABLE with the expected layout and format, checksummed. */
  private static Composition stored(BatchWorker w, DerivedRequest d, String layout,
      String format) throws Exception {
    completed(w.jobs.postProcess(PostProcessRequest.derive(REC, d)));
    Composition c = row(w, d.outputId(REC));
    assertEquals(CompositionStatus.AVAILABLE, c.status());
    assertEquals(layout, c.layout());
    assertEquals(format, c.format());
    assertStoredWithChecksum(w, c.object());
    return c;
  }

  private static Composition row(BatchWorker w, String id) {
    return w.index.recordings().compositions(REC).stream().filter(c -> c.id().equals(id))
        .findFirst().orElseThrow(() -> new AssertionError("no composition row " + id));
  }

  private JsonNode probe(BatchWorker w, Composition c, String name) throws IOException {
    return Ffprobe.probe(download(w, c.object().key(), tmp.resolve(name)));
  }

  private static Map<String, ObjectInfo> objectsUnder(BatchWorker w, String outputId) {
    return w.objects.list(KeyLayout.compositionPrefix(CONV, REC, outputId)).stream()
        .collect(java.util.stream.Collectors.toMap(ObjectInfo::key, o -> o));
  }

  /**
   * The playlist downloaded and parsed (RFC 8216 4.3.2.1: EXTINF, then the segment's URI), each
   * segment downloaded, checksummed against its row and probed (fMP4 with its init segment).
   */
  private void checkHls(BatchWorker w, Composition c, String id, double seconds)
      throws IOException {
    assertEquals(KeyLayout.compositionFile(CONV, REC, id, "index.m3u8"), c.object().key());
    Path dir = Files.createDirectories(tmp.resolve("hls-" + id));
    List<String> lines = Files.readAllLines(download(w, c.object().key(),
        dir.resolve("index.m3u8")));
    assertEquals("#EXTM3U", lines.get(0));
    assertTrue(lines.contains("#EXT-X-ENDLIST"));
    Map<String, CompositionFile> rows = new java.util.HashMap<>();
    w.index.recordings().compositionFiles(id).forEach(f -> rows.put(f.name(), f));
    boolean fmp4 = c.format().equals("hls_fmp4");
    byte[] init = new byte[0];
    if (fmp4) {
      assertTrue(lines.contains("#EXT-X-MAP:URI=\"init.mp4\""), lines.toString());
      assertStoredWithChecksum(w, rows.get("init.mp4").object());
      init = Files.readAllBytes(download(w, rows.get("init.mp4").object().key(),
          dir.resolve("init.mp4")));
    }
    List<String> uris = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("#EXTINF:")) {
        continue;
      }
      double extinf = Double.parseDouble(lines.get(i).substring(8).split(",")[0]);
      total += extinf;
      String uri = lines.get(i + 1).trim();
      uris.add(uri);
      CompositionFile f = rows.get(uri);
      assertTrue(f != null, "segment " + uri + " is indexed");
      assertEquals(KeyLayout.compositionFile(CONV, REC, id, uri), f.object().key());
      assertStoredWithChecksum(w, f.object());
      Path seg = download(w, f.object().key(), dir.resolve(uri));
      Path probeable = seg;
      if (fmp4) {
        probeable = dir.resolve(uri + ".mp4");
        try (OutputStream out = Files.newOutputStream(probeable)) {
          out.write(init);
          out.write(Files.readAllBytes(seg));
        }
      }
      JsonNode p = Ffprobe.probe(probeable);
      assertEquals("h264", Ffprobe.stream(p, "video").get("codec_name").asText(), uri);
      assertEquals(320, Ffprobe.stream(p, "video").get("width").asInt());
      assertEquals("aac", Ffprobe.stream(p, "audio").get("codec_name").asText(), uri);
      assertEquals("", Ffprobe.decodeErrors(probeable), uri);
    }
    assertTrue(uris.size() >= 2, "segments of 1 s in " + seconds + " s: " + uris);
    assertEquals(seconds, total, 0.1);
    assertEquals(uris.size() + (fmp4 ? 1 : 0), rows.size(), "every file, and only those");
    assertEquals(rows.size() + 1, objectsUnder(w, id).size());
  }

  private static boolean isEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
