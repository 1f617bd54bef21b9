package io.tapline.compositor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.fixture.CapturedPcaps;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.fixture.RecordingFixtureBuilder.Rec;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-track export of real H.264, VP9 and AV1 captures (pipeline fixtures), checked with ffprobe. */
class CapturedCodecsExportIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void h264FromFfmpegBecomesAnMp4WithItsThirtyPicturesAndThreeKeyframes() throws Exception {
    ExportReport r = export("h264-ffmpeg-640x360-30f.pcap", "H264", "bob-cam", tmp.resolve("bob-cam.mp4"));
    JsonNode p = Ffprobe.probe(r.output());
    assertTrue(p.get("format").get("format_name").asText().contains("mp4"), p.toString());
    JsonNode s = Ffprobe.stream(p, "video");
    assertEquals("h264", s.get("codec_name").asText());
    assertEquals("avc1", s.get("codec_tag_string").asText());
    assertEquals(640, s.get("width").asInt());
    assertEquals(360, s.get("height").asInt());
    assertEquals(30, s.get("nb_frames").asInt());
    assertVideo(r, 30, 3);
  }

  @Test
  void h264FromGstreamerWithStapAAndFuABecomesAnMp4() throws Exception {
    ExportReport r = export("h264-gst-320x180-30f.pcap", "H264", "gst-cam", tmp.resolve("gst-cam.mp4"));
    JsonNode s = Ffprobe.stream(Ffprobe.probe(r.output()), "video");
    assertEquals("h264", s.get("codec_name").asText());
    assertEquals(320, s.get("width").asInt());
    assertEquals(180, s.get("height").asInt());
    assertVideo(r, 30, 3);
  }

  @Test
  void vp9FromFfmpegBecomesAWebm() throws Exception {
    ExportReport r = export("vp9-ffmpeg-176x144-30f.pcap", "VP9", "carol-cam", tmp.resolve("carol-cam.webm"));
    JsonNode p = Ffprobe.probe(r.output());
    assertTrue(p.get("format").get("format_name").asText().contains("webm"), p.toString());
    JsonNode s = Ffprobe.stream(p, "video");
    assertEquals("vp9", s.get("codec_name").asText());
    assertEquals(176, s.get("width").asInt());
    assertEquals(144, s.get("height").asInt());
    assertVideo(r, 30, 3);
  }

  @Test
  void vp9FromGstreamerWithAScalabilityStructureBecomesAWebm() throws Exception {
    ExportReport r = export("vp9-gst-320x240-30f.pcap", "VP9", "gst-cam", tmp.resolve("gst-cam.webm"));
    JsonNode s = Ffprobe.stream(Ffprobe.probe(r.output()), "video");
    assertEquals("vp9", s.get("codec_name").asText());
    assertEquals(320, s.get("width").asInt());
    assertEquals(240, s.get("height").asInt());
    assertVideo(r, 30, 3);
  }

  @Test
  void av1FromFfmpeg8BecomesAWebmWithItsThirtyTemporalUnits() throws Exception {
    ExportReport r = export("av1-ffmpeg8-320x240-30f.pcap", "AV1", "dave-cam", tmp.resolve("dave-cam.webm"));
    JsonNode p = Ffprobe.probe(r.output());
    assertTrue(p.get("format").get("format_name").asText().contains("webm"), p.toString());
    JsonNode s = Ffprobe.stream(p, "video");
    assertEquals("av1", s.get("codec_name").asText());
    assertEquals(320, s.get("width").asInt());
    assertEquals(240, s.get("height").asInt());
    // 30 pictures at 30 fps from 0.5 s: the file ends 1 s later
    assertEquals(1.5, p.get("format").get("duration").asDouble(), 0.05, p.toString());
    assertEquals(1_000_000, r.durationMicros(), 40_000, r.toString());
    assertVideo(r, 30, 3);
  }

  @Test
  void av1BecomesAnMp4WithAnAv1cBoxWhenAskedFor() throws Exception {
    ExportReport r = export("av1-ffmpeg8-320x240-30f.pcap", "AV1", "dave-cam", tmp.resolve("dave-cam.mp4"));
    JsonNode p = Ffprobe.probe(r.output());
    assertTrue(p.get("format").get("format_name").asText().contains("mp4"), p.toString());
    JsonNode s = Ffprobe.stream(p, "video");
    assertEquals("av1", s.get("codec_name").asText());
    assertEquals("av01", s.get("codec_tag_string").asText());
    assertEquals(320, s.get("width").asInt());
    assertEquals(240, s.get("height").asInt());
    assertEquals(30, s.get("nb_frames").asInt());
    assertVideo(r, 30, 3);
  }

  @Test
  void aLostAv1FragmentFreezesTheTrackUntilTheNextKeyframe() throws Exception {
    ExportReport r = export("av1-ffmpeg8-320x240-30f.pcap", "AV1", "dave-cam", tmp.resolve("dave-cam.webm"), 5);
    assertEquals(25, r.frames(), r.toString());
    assertTrue(r.skips().stream().anyMatch(s -> s.reason().equals("video.until_keyframe_after_loss") && s.count() == 4),
        r.toString());
    assertEquals(25, Ffprobe.decodedVideoFrames(r.output()));
    assertEquals("", Ffprobe.decodeErrors(r.output()));
  }

  @Test
  void aLostH264PictureFreezesTheTrackUntilTheNextIdr() throws Exception {
    // every packet of picture 5 lost: pictures 6-9 reference it and are left out, 10 is an IDR
    ExportReport r = export("h264-ffmpeg-640x360-30f.pcap", "H264", "bob-cam", tmp.resolve("bob-cam.mp4"), 5);
    assertEquals(25, r.frames(), r.toString());
    assertTrue(r.skips().stream().anyMatch(s -> s.reason().equals("video.until_keyframe_after_loss") && s.count() == 4),
        r.toString());
    List<String> flags = Ffprobe.videoPacketFlags(r.output());
    assertEquals(25, flags.size());
    assertTrue(flags.get(0).startsWith("K") && flags.get(5).startsWith("K") && flags.get(15).startsWith("K"),
        flags.toString());
    assertEquals(25, Ffprobe.decodedVideoFrames(r.output()));
    assertEquals("", Ffprobe.decodeErrors(r.output()));
  }

  private ExportReport export(String pcap, String codec, String trackId, Path out) throws Exception {
    return export(pcap, codec, trackId, out, -1);
  }

  /**
   * A 2 s recording in which the capture's first packet arrives 0.5 s after the start, without the
   * packets of picture {@code lostPicture} (counted from 0; -1 for none).
   */
  private ExportReport export(String pcap, String codec, String trackId, Path out, int lostPicture) throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(2);
    List<Rec> recs = new java.util.ArrayList<>(CapturedPcaps.paced(pcap, b.startMicros() + 500_000, 90000));
    if (lostPicture >= 0) {
      List<Long> stamps = recs.stream().map(CapturedCodecsExportIT::timestamp).distinct().toList();
      long lost = stamps.get(lostPicture);
      int before = recs.size();
      recs.removeIf(rec -> timestamp(rec) == lost);
      assertTrue(recs.size() < before);
    }
    b.captured(trackId.split("-")[0], "Cap", trackId, "video", codec, CapturedPcaps.payloadType(recs), 90000, null,
        CapturedPcaps.ssrc(recs), recs);
    RecordingDirectory rec = b.build();
    ExportReport r = new TrackExporter().export(rec, trackId, out);
    assertTrue(r.written(), r.toString());
    assertEquals(codec, r.codec());
    return r;
  }

  private static long timestamp(Rec r) {
    byte[] b = r.data();
    return ((b[4] & 0xffL) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
  }

  /** Picture count, keyframes (the first packet is one, then every 10th), start time and a clean decode. */
  private static void assertVideo(ExportReport r, int pictures, int keyframes) throws Exception {
    assertEquals(pictures, r.frames(), r.toString());
    List<String> flags = Ffprobe.videoPacketFlags(r.output());
    assertEquals(pictures, flags.size(), flags.toString());
    assertTrue(flags.get(0).startsWith("K"), "the file starts on a keyframe: " + flags);
    assertEquals(keyframes, flags.stream().filter(f -> f.startsWith("K")).count(), flags.toString());
    assertTrue(flags.get(10).startsWith("K") && flags.get(20).startsWith("K"), flags.toString());
    // every picture decodes, from the first one on
    assertEquals(pictures, Ffprobe.decodedVideoFrames(r.output()));
    assertEquals("", Ffprobe.decodeErrors(r.output()));
    JsonNode format = Ffprobe.probe(r.output()).get("format");
    assertEquals(0.5, format.get("start_time").asDouble(), 0.05, format.toString());
    assertEquals(0.5, r.startMicros() / 1e6, 0.05, r.toString());
  }
}
