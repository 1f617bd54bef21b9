package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender whose picture flashes white exactly when its audio beeps: in the composite and in the
 * per-track files, flash and beep are within 20 ms, at the start and after 10 minutes. The video
 * reaches the tap 80 ms later than the audio, so timing by arrival would fail; the long run's audio
 * clock also drifts 40 ppm (24 ms over 10 minutes), which only the sender reports reveal.
 */
class SyncIT {
  static final double TOLERANCE = 0.020;

  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void flashAndBeepStayTogetherAtTheStart() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(3);
    b.participant("alice", "Alice").video(160, 90, 15).flashesAt(1.0, 2.0).videoDelay(0.080);
    RecordingDirectory rec = b.build();
    checkComposite(rec, 30, 1.0, 2.0);
    checkTracks(rec, 1.0, 2.0);
  }

  @Test
  void flashAndBeepStayTogetherAfterTenMinutes() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(602).segmentSeconds(60);
    b.participant("alice", "Alice").video(64, 36, 5).keyframeEvery(50).flashesAt(1.0, 600.0).videoDelay(0.080)
        .audioClockDrift(40);
    RecordingDirectory rec = b.build();
    checkComposite(rec, 10, 1.0, 600.0);
    checkTracks(rec, 1.0, 600.0);
  }

  void checkComposite(RecordingDirectory rec, int fps, double... flashes) throws Exception {
    Path out = tmp.resolve("composite.mp4");
    CompositionSpec spec = CompositionSpec.defaults().withLayout(LayoutKind.SINGLE).withSize(64, 36, fps)
        .withBitrate(100_000, "veryfast");
    new Compositor().compose(rec, spec, out, ProgressListener.NONE);
    for (double f : flashes) {
      double video = Ffprobe.firstBrightFrame(out, f - 0.5, 16, 8, 32, 20, 200);
      double audio = Ffprobe.firstLoudSample(out, f - 0.5, 1.0, 0.25);
      // the picture is sampled at the output rate: the nearest picture, so within half a frame
      assertEquals(f, video, 0.5 / fps + 0.005, "flash in the composite");
      assertEquals(f, audio, TOLERANCE, "beep in the composite");
      assertTrue(Math.abs(video - audio) <= TOLERANCE, "composite at " + f + ": flash " + video + ", beep " + audio);
    }
  }

  void checkTracks(RecordingDirectory rec, double... flashes) throws Exception {
    TrackExporter ex = new TrackExporter();
    ExportReport v = ex.export(rec, "alice-cam", tmp.resolve("v.webm"));
    ExportReport a = ex.export(rec, "alice-mic", tmp.resolve("a.ogg"));
    for (double f : flashes) {
      double video = Ffprobe.firstBrightFrame(v.output(), f - 0.5, 16, 8, 16, 16, 200);
      double audio = Ffprobe.firstLoudSample(a.output(), f - 0.5, 1.0, 0.25);
      assertTrue(Math.abs(video - audio) <= TOLERANCE, "tracks at " + f + ": flash " + video + ", beep " + audio);
      assertEquals(f, video, TOLERANCE);
    }
  }
}
