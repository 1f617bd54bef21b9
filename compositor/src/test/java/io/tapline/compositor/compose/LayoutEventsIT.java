package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joins, leaves, mutes, screen shares and speaker changes change the picture at their time. */
class LayoutEventsIT {
  // the sources' video-range luma, and what ffmpeg's full-range gray conversion makes of it
  static final int ALICE_Y = 81;
  static final int BOB_Y = 145;
  static final double ALICE = Ffprobe.fullRange(ALICE_Y);
  static final double BOB = Ffprobe.fullRange(BOB_Y);
  static final double SCREEN = Ffprobe.fullRange(210);
  /** Gray of the placeholder background (RGB 2b2f36). */
  static final double PLACEHOLDER = 0.299 * 0x2b + 0.587 * 0x2f + 0.114 * 0x36;

  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  RecordingDirectory recording() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(6);
    b.participant("alice", "Alice").video(160, 90, 10).color(ALICE_Y, 90, 240).screenShare(4.0, 5.0);
    b.participant("bob", "Bob").video(160, 90, 10).color(BOB_Y, 54, 34).present(1.5, 5.5);
    b.event(3.0, EventType.TRACK_MUTED, "bob", "bob-cam", Map.of());
    b.event(3.8, EventType.TRACK_UNMUTED, "bob", "bob-cam", Map.of());
    b.event(2.0, EventType.ACTIVE_SPEAKER_CHANGED, "bob", null, Map.of());
    b.event(4.5, EventType.ACTIVE_SPEAKER_CHANGED, "alice", null, Map.of());
    return b.build();
  }

  CompositionSpec spec(LayoutKind kind) {
    return CompositionSpec.defaults().withLayout(kind).withSize(320, 180, 10).withBitrate(300_000, "veryfast")
        .withDwell(300_000);
  }

  @Test
  void presentationLayoutFollowsJoinMuteShareAndLeave() throws Exception {
    RecordingDirectory rec = recording();
    Path out = tmp.resolve("presentation.mp4");
    CompositionReport r = new Compositor().compose(rec, spec(LayoutKind.PRESENTATION), out, ProgressListener.NONE);
    assertTrue(r.layoutChanges() >= 6, r.toString());
    // alone: full frame
    assertEquals(ALICE, Ffprobe.lumaAt(out, 1.0, 230, 80, 20, 20), 8);
    // bob joined at 1.5: grid of two
    assertEquals(ALICE, Ffprobe.lumaAt(out, 2.0, 110, 80, 20, 20), 8);
    assertEquals(BOB, Ffprobe.lumaAt(out, 2.0, 270, 80, 20, 20), 8);
    // bob's camera muted at 3.0: his name on a placeholder tile, not black, not his picture
    assertEquals(PLACEHOLDER, Ffprobe.lumaAt(out, 3.4, 290, 10, 20, 20), 8);
    assertEquals(BOB, Ffprobe.lumaAt(out, 2.8, 270, 80, 20, 20), 8);
    // unmuted at 3.8
    assertEquals(BOB, Ffprobe.lumaAt(out, 3.9, 270, 80, 20, 20), 8);
    // screen share 4.0-5.0: large on the left
    assertEquals(SCREEN, Ffprobe.lumaAt(out, 4.2, 140, 80, 20, 20), 8);
    assertEquals(ALICE, Ffprobe.lumaAt(out, 3.9, 110, 80, 20, 20), 8);
    // share stopped: grid again
    assertEquals(ALICE, Ffprobe.lumaAt(out, 5.2, 110, 80, 20, 20), 8);
    // bob left at 5.5: alice alone
    assertEquals(ALICE, Ffprobe.lumaAt(out, 5.8, 230, 80, 20, 20), 8);
    assertEquals("", Ffprobe.decodeErrors(out));
  }

  @Test
  void activeSpeakerLayoutFollowsSpeakerChanges() throws Exception {
    RecordingDirectory rec = recording();
    Path out = tmp.resolve("speaker.mp4");
    new Compositor().compose(rec, spec(LayoutKind.ACTIVE_SPEAKER), out, ProgressListener.NONE);
    // main area is the top 144 rows; the picture is fitted in 256x144 centred
    assertEquals(ALICE, Ffprobe.lumaAt(out, 1.8, 200, 60, 20, 20), 8);
    assertEquals(BOB, Ffprobe.lumaAt(out, 2.1, 200, 60, 20, 20), 8);
    assertEquals(BOB, Ffprobe.lumaAt(out, 2.8, 200, 60, 20, 20), 8);
    assertEquals(ALICE, Ffprobe.lumaAt(out, 4.6, 200, 60, 20, 20), 8);
  }
}
