package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tapline demo} as the launcher runs it: the packaged jar in a child JVM, in a fresh
 * directory. It must exit 0 having downloaded a 1280x720 H.264/AAC grid MP4 of about 20 s and the
 * six per-track files (three cameras, three microphones), with the join and the leave recorded.
 */
class DemoIT {
  /**
   * The demo stops 20 s after the tap started, but the stop request takes effect a little later
   * (HTTP, index, the conversation lock): on a quiet machine well under 0.5 s; 1 s leaves room for
   * a busy one. The composite covers the recording exactly (to a frame).
   */
  private static final double DURATION_TOLERANCE = 1.0;

  @TempDir Path tmp;

  @Test
  void demoRecordsThreeParticipantsIntoAGridMp4AndSixTrackFiles() throws Exception {
    Ffprobe.assumeInstalled();
    Path jar = Path.of("target", "tapline-app.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), jar + " is missing: failsafe runs after package");
    Path dir = tmp.resolve("demo");
    Path log = tmp.resolve("demo.out");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "demo", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("the demo did not finish within 15 minutes:\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out);
    for (String line : List.of("service up on http://127.0.0.1:", "Alice joined", "Bob joined", "recording rec-",
        "Carol joined", "Bob left", "is AVAILABLE (recording.ready)", "X-Amz-Signature=", "shutting the service down")) {
      assertTrue(out.contains(line), "'" + line + "' in the output:\n" + out);
    }

    Path downloads;
    try (Stream<Path> s = Files.list(dir.resolve("downloads"))) {
      downloads = s.findFirst().orElseThrow();
    }
    String recordingId = downloads.getFileName().toString();
    Path mp4 = downloads.resolve(recordingId + "-grid-mp4-1280x720-30.mp4");
    assertTrue(out.contains(mp4.toString()), "the MP4's path is printed:\n" + out);
    JsonNode probe = Ffprobe.probe(mp4);
    JsonNode video = Ffprobe.stream(probe, "video");
    JsonNode audio = Ffprobe.stream(probe, "audio");
    assertNotNull(video, probe.toString());
    assertNotNull(audio, probe.toString());
    assertEquals("h264", video.get("codec_name").asText());
    assertEquals(1280, video.get("width").asInt());
    assertEquals(720, video.get("height").asInt());
    assertEquals("aac", audio.get("codec_name").asText());
    assertEquals(20.0, Ffprobe.duration(probe), DURATION_TOLERANCE, "composite duration");

    // Per-track files are on the recording's timeline: they end when their participant left (Bob,
    // 14 s) or with the recording (Alice, Carol); Carol's picture starts after she joined (6 s).
    double aliceStart = expectTrack(downloads, "alice", 20.0);
    double bobStart = expectTrack(downloads, "bob", 14.0);
    double carolStart = expectTrack(downloads, "carol", 20.0);
    assertTrue(aliceStart < 3 && bobStart < 3, "Alice and Bob from the start: " + aliceStart + ", " + bobStart);
    assertTrue(carolStart >= 5.5 && carolStart < 10, "Carol joined at 6 s: " + carolStart);

    Path recording;
    try (Stream<Path> s = Files.list(dir.resolve("recordings"))) {
      recording = s.findFirst().orElseThrow().resolve(recordingId);
    }
    List<String> events = Files.readAllLines(recording.resolve("events.jsonl"));
    assertTrue(events.stream().anyMatch(e -> e.contains("PARTICIPANT_JOINED") && e.contains("\"carol\"")), events.toString());
    assertTrue(events.stream().anyMatch(e -> e.contains("PARTICIPANT_LEFT") && e.contains("\"bob\"")), events.toString());
    JsonNode manifest = new ObjectMapper().readTree(recording.resolve("manifest.json").toFile());
    assertEquals(6, manifest.get("tracks").size());
    for (JsonNode t : manifest.get("tracks")) {
      assertTrue(t.get("clock").size() >= 5, "sender reports were recorded for " + t.get("trackId"));
    }
  }

  /** Checks both files of a participant and their end on the recording timeline; returns the camera's start. */
  private static double expectTrack(Path downloads, String who, double endSeconds) throws Exception {
    JsonNode cam = Ffprobe.probe(downloads.resolve(who + "-cam.webm"));
    assertEquals("vp8", Ffprobe.stream(cam, "video").get("codec_name").asText());
    assertEquals(640, Ffprobe.stream(cam, "video").get("width").asInt());
    assertEquals(endSeconds, Ffprobe.duration(cam), 1.5, who + "-cam end");
    JsonNode mic = Ffprobe.probe(downloads.resolve(who + "-mic.ogg"));
    assertEquals("opus", Ffprobe.stream(mic, "audio").get("codec_name").asText());
    assertEquals(endSeconds, Ffprobe.duration(mic), 1.5, who + "-mic end");
    return cam.get("format").get("start_time").asDouble();
  }
}
