package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.fixture.CapturedPcaps;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.fixture.RecordingFixtureBuilder.Rec;
import io.tapline.compositor.track.Skip;
import io.tapline.compositor.track.TimingSource;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A composite of one H.264, one VP9 and one VP8 participant, and one of AV1 and VP8: each decoded by
 * its own libavcodec decoder (libaom for AV1).
 */
class MixedCodecsCompositeIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void h264Vp9AndVp8ParticipantsShareOneGrid() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(2);
    b.participant("alice", "Alice").video(160, 90, 15).color(81, 90, 240).noAudio();
    List<Rec> h264 = CapturedPcaps.paced("h264-ffmpeg-640x360-30f.pcap", b.startMicros() + 500_000, 90000);
    b.captured("bob", "Bob", "bob-cam", "video", "H264", CapturedPcaps.payloadType(h264), 90000, null,
        CapturedPcaps.ssrc(h264), h264);
    List<Rec> vp9 = CapturedPcaps.paced("vp9-gst-320x240-30f.pcap", b.startMicros() + 500_000, 90000);
    b.captured("carol", "Carol", "carol-cam", "video", "VP9", CapturedPcaps.payloadType(vp9), 90000, null,
        CapturedPcaps.ssrc(vp9), vp9);
    // captured tracks come without events: the participants join when their media starts
    b.event(0.5, EventType.PARTICIPANT_JOINED, "bob", null, Map.of("name", "Bob"));
    b.event(0.5, EventType.PARTICIPANT_JOINED, "carol", null, Map.of("name", "Carol"));
    RecordingDirectory rec = b.build();
    Path out = tmp.resolve("mixed.mp4");

    CompositionReport r = new Compositor().compose(rec,
        CompositionSpec.defaults().withSize(640, 360, 15).withBitrate(300_000, "veryfast").withDwell(0), out, ProgressListener.NONE);

    assertEquals(TimingSource.SENDER_REPORTS, r.timing().get("alice-cam"), r.toString());
    assertEquals(TimingSource.ARRIVAL_TIMES, r.timing().get("bob-cam"), r.toString());
    assertEquals(TimingSource.ARRIVAL_TIMES, r.timing().get("carol-cam"), r.toString());
    List<String> problems = r.skips().stream().map(Skip::reason)
        .filter(s -> s.startsWith("video.") || s.startsWith("codec.") || s.startsWith("h264.") || s.startsWith("vp9."))
        .toList();
    assertEquals(List.of(), problems, r.toString());
    JsonNode p = Ffprobe.probe(out);
    JsonNode v = Ffprobe.stream(p, "video");
    assertEquals("h264", v.get("codec_name").asText());
    assertEquals(640, v.get("width").asInt());
    assertEquals(360, v.get("height").asInt());
    assertEquals(2.0, v.get("duration").asDouble(), 1.0 / 15 + 1e-3);
    assertEquals("", Ffprobe.decodeErrors(out));
    // a 2x2 grid: Alice's flat colour top left, Bob's H.264 test card top right, Carol's VP9 bars
    // centred below; the captures' colour bars are anything but flat, a placeholder or a grey
    // picture would be
    assertTrue(Ffprobe.lumaSpread(out, 1.0, 150, 20, 150, 140) < 15, "Alice's flat picture");
    assertTrue(Ffprobe.lumaSpread(out, 1.0, 340, 20, 280, 140) > 40, "Bob's decoded H.264 picture");
    assertTrue(Ffprobe.lumaSpread(out, 1.0, 200, 190, 240, 120) > 40, "Carol's decoded VP9 picture");
    // before they joined, Alice alone fills the canvas
    assertTrue(Ffprobe.lumaSpread(out, 0.2, 340, 20, 280, 140) < 15, "Alice alone before the others joined");
  }

  @Test
  void anAv1ParticipantIsDecodedIntoItsTile() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(2);
    b.participant("alice", "Alice").video(160, 90, 15).color(81, 90, 240).noAudio();
    List<Rec> av1 = CapturedPcaps.paced("av1-ffmpeg8-320x240-30f.pcap", b.startMicros() + 500_000, 90000);
    b.captured("dave", "Dave", "dave-cam", "video", "AV1", CapturedPcaps.payloadType(av1), 90000, null,
        CapturedPcaps.ssrc(av1), av1);
    b.event(0.5, EventType.PARTICIPANT_JOINED, "dave", null, Map.of("name", "Dave"));
    RecordingDirectory rec = b.build();
    Path out = tmp.resolve("av1.mp4");

    CompositionReport r = new Compositor().compose(rec,
        CompositionSpec.defaults().withSize(640, 360, 15).withBitrate(300_000, "veryfast").withDwell(0), out,
        ProgressListener.NONE);

    List<String> problems = r.skips().stream().map(Skip::reason)
        .filter(s -> s.startsWith("video.") || s.startsWith("codec.") || s.startsWith("av1.")).toList();
    assertEquals(List.of(), problems, r.toString());
    assertEquals("", Ffprobe.decodeErrors(out));
    // side by side: Alice's flat colour left, Dave's AV1 test card right (anything but flat)
    assertTrue(Ffprobe.lumaSpread(out, 1.0, 20, 110, 280, 140) < 15, "Alice's flat picture");
    assertTrue(Ffprobe.lumaSpread(out, 1.0, 340, 110, 280, 140) > 40, "Dave's decoded AV1 picture");
  }
}
