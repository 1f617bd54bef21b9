package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.track.Skip;
import io.tapline.compositor.track.TimingSource;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged recordings give the best possible output and say what was skipped. */
class BadInputIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  static CompositionSpec small() {
    return CompositionSpec.defaults().withSize(320, 180, 15).withBitrate(300_000, "veryfast");
  }

  static boolean has(List<Skip> skips, String track, String reason) {
    return skips.stream().anyMatch(s -> reason.equals(s.reason()) && (track == null || track.equals(s.trackId())));
  }

  @Test
  void lossAndReorderGiveAPlayableFileWithFrozenPictures() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(4)
        .lossAndReorder(0.05, 0.02, 7);
    b.participant("alice", "Alice").video(160, 90, 15).keyframeEvery(10);
    b.participant("bob", "Bob").video(160, 90, 15).keyframeEvery(10);
    RecordingDirectory rec = b.build();
    Path out = tmp.resolve("lossy.mp4");
    CompositionReport r = new Compositor().compose(rec, small(), out, ProgressListener.NONE);
    assertTrue(has(r.skips(), null, "video.incomplete_picture") || has(r.skips(), null, "video.until_keyframe_after_loss"),
        r.skips().toString());
    JsonNode p = Ffprobe.probe(out);
    assertEquals(4.0, Ffprobe.stream(p, "video").get("duration").asDouble(), 1.0 / 15 + 1e-3);
    assertEquals("", Ffprobe.decodeErrors(out));
    ExportReport v = new TrackExporter().export(rec, "alice-cam", tmp.resolve("alice.webm"));
    assertTrue(v.written());
    assertEquals("", Ffprobe.decodeErrors(v.output()), "no picture with a broken reference reaches the file");
  }

  @Test
  void damagedTailMissingSegmentNoKeyframeAndUnknownCodecAreSkippedAndReported() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(4).segmentSeconds(1)
        .withUnknownCodecTrack();
    b.participant("alice", "Alice").video(160, 90, 15).keyframeEvery(10);
    b.participant("bob", "Bob").video(160, 90, 15).withoutKeyframes().tone(500);
    b.participant("carol", "Carol").video(160, 90, 15).withoutSenderReports();
    RecordingDirectory rec = b.build();
    // a tap killed mid-write: the last segment of alice's camera is cut inside a record
    Path last = rec.segmentFile("alice-cam", 3);
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(last) - 7);
    }
    // a lost file: the second segment of alice's microphone
    Files.delete(rec.segmentFile("alice-mic", 1));

    Path out = tmp.resolve("damaged.mp4");
    CompositionReport r = new Compositor().compose(rec, small(), out, ProgressListener.NONE);
    assertTrue(has(r.skips(), "alice-cam", "segment.damaged_tail"), r.skips().toString());
    assertTrue(has(r.skips(), "alice-mic", "segment.missing"), r.skips().toString());
    assertTrue(has(r.skips(), "bob-cam", "video.no_keyframe"), r.skips().toString());
    assertTrue(has(r.skips(), "xavier-cam", "codec.unsupported"), r.skips().toString());
    assertEquals(TimingSource.ARRIVAL_TIMES, r.timing().get("carol-cam"));
    assertEquals(TimingSource.SENDER_REPORTS, r.timing().get("alice-cam"));
    JsonNode p = Ffprobe.probe(out);
    assertEquals(4.0, Ffprobe.stream(p, "video").get("duration").asDouble(), 1.0 / 15 + 1e-3);
    assertEquals("", Ffprobe.decodeErrors(out));
    // bob's camera never decodes: his tile is the placeholder, not black, not garbage (grid of 3: top right)
    double bob = Ffprobe.lumaAt(out, 2.0, 300, 10, 10, 10);
    assertEquals(0.299 * 0x2b + 0.587 * 0x2f + 0.114 * 0x36, bob, 8);
    // the missing microphone segment is silence, the rest of alice's audio is there
    float[] pcm = Ffprobe.audio(out);
    assertTrue(pcm.length >= 48000 * 39 / 10);

    // per track: the damaged camera still exports everything before the cut
    ExportReport cam = new TrackExporter().export(rec, "alice-cam", tmp.resolve("alice.webm"));
    assertTrue(cam.written());
    assertTrue(has(cam.skips(), "alice-cam", "segment.damaged_tail"));
    assertEquals(4.0, Ffprobe.probe(cam.output()).get("format").get("duration").asDouble(), 0.15);
    ExportReport none = new TrackExporter().export(rec, "bob-cam", tmp.resolve("bob.webm"));
    assertFalse(none.written(), "no keyframe at all: no file, and a reason");
    assertTrue(has(none.skips(), "bob-cam", "video.no_keyframe"), none.skips().toString());
    assertFalse(Files.exists(tmp.resolve("bob.webm")));
    assertNotEquals(0, none.skips().size());
  }
}
