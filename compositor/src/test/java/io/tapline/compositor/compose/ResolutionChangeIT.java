package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.track.Skip;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VP8 camera that switches from 640x360 to 1280x720 at 1.5 s on the same SSRC (two libvpx
 * encodes, the RTP of the second continuing the first's sequence numbers and timestamps): the
 * per-track WebM keeps both sizes without re-encoding, and the composite scales both into the
 * participant's tile.
 */
class ResolutionChangeIT {
  private static final int Y = 81; // the camera's flat colour (video range), a moving bar in its left quarter
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  private RecordingDirectory recording() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(3);
    b.participant("alice", "Alice").video(640, 360, 15).color(Y, 90, 240).noAudio().resizeAt(1.5, 1280, 720);
    return b.build();
  }

  @Test
  void theExportedWebmCarriesBothResolutions() throws Exception {
    ExportReport r = new TrackExporter().export(recording(), "alice-cam", tmp.resolve("alice-cam.webm"));
    assertTrue(r.written(), r.toString());
    assertEquals(45, r.frames(), r.toString());
    List<String> sizes = Ffprobe.decodedFrameSizes(r.output());
    assertEquals(45, sizes.size(), sizes.toString());
    // 1.5 s at 15 fps: 22 pictures (ticks of whole frames) before the switch, 23 after
    int switchAt = sizes.indexOf("1280x720");
    assertTrue(switchAt > 0, sizes.toString());
    assertEquals(List.of("640x360"), sizes.subList(0, switchAt).stream().distinct().toList(), sizes.toString());
    assertEquals(List.of("1280x720"), sizes.subList(switchAt, 45).stream().distinct().toList(), sizes.toString());
    assertEquals(22, switchAt, sizes.toString());
    assertEquals("", Ffprobe.decodeErrors(r.output()));
    // no re-encoding: a key frame where the second encode begins
    List<String> flags = Ffprobe.videoPacketFlags(r.output());
    assertTrue(flags.get(switchAt).startsWith("K"), flags.toString());
  }

  @Test
  void theCompositeScalesBothResolutionsIntoTheTileWithoutGarbage() throws Exception {
    Path out = tmp.resolve("resized.mp4");
    CompositionReport r = new Compositor().compose(recording(),
        CompositionSpec.defaults().withSize(640, 360, 15).withBitrate(400_000, "veryfast").withDwell(0), out,
        ProgressListener.NONE);
    List<String> problems = r.skips().stream().map(Skip::reason)
        .filter(s -> s.startsWith("video.") || s.startsWith("vp8.")).toList();
    assertEquals(List.of(), problems, r.toString());
    assertEquals("", Ffprobe.decodeErrors(out));
    double expected = Ffprobe.fullRange(Y);
    for (double t : new double[] {1.0, 1.6, 2.5}) {
      // the right three quarters of the tile (the whole canvas: one 16:9 participant) are one colour,
      // at 640x360 and after the switch to 1280x720; a stale scaler or a broken reference would not be
      double luma = Ffprobe.lumaAt(out, t, 200, 20, 420, 320);
      double spread = Ffprobe.lumaSpread(out, t, 200, 20, 420, 320);
      assertEquals(expected, luma, 6, "mean luma at " + t + " s");
      assertTrue(spread < 8, "flat picture at " + t + " s, spread " + spread);
    }
  }
}
