package io.tapline.pipeline.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the depacketizers with an independent reader: the frames of a capture are written
 * as the compositor will hand them on (VP8/VP9/AV1 in IVF, H.264 as an Annex-B elementary stream) and
 * ffprobe must decode the same number of frames, the same size and the same key frames. Skipped
 * when ffprobe is not installed.
 */
class DepacketizerFfprobeIT {
  @TempDir Path dir;

  @BeforeAll
  static void needsFfprobe() {
    assumeTrue(onPath("ffprobe"), "ffprobe not installed");
  }

  @Test
  void vp8FramesFromGstreamerDecode() throws Exception {
    check("vp8-gst-320x240-30f.pcap", new Vp8Depacketizer(), "VP80", "320,240");
  }

  @Test
  void vp8FramesFromFfmpegDecode() throws Exception {
    check("vp8-ffmpeg-176x144-30f.pcap", new Vp8Depacketizer(), "VP80", "176,144");
  }

  @Test
  void vp9FramesFromGstreamerDecode() throws Exception {
    check("vp9-gst-320x240-30f.pcap", new Vp9Depacketizer(), "VP90", "320,240");
  }

  @Test
  void vp9FramesFromFfmpegDecode() throws Exception {
    check("vp9-ffmpeg-176x144-30f.pcap", new Vp9Depacketizer(), "VP90", "176,144");
  }

  @Test
  void h264AccessUnitsFromFfmpegDecode() throws Exception {
    check("h264-ffmpeg-640x360-30f.pcap", new H264Depacketizer(), null, "640,360");
  }

  @Test
  void h264AccessUnitsFromGstreamerDecode() throws Exception {
    check("h264-gst-320x180-30f.pcap", new H264Depacketizer(), null, "320,180");
  }

  @Test
  void av1TemporalUnitsFromFfmpeg8Decode() throws Exception {
    // low-overhead temporal units (every OBU with obu_size, no temporal delimiter) in IVF "AV01"
    check("av1-ffmpeg8-320x240-30f.pcap", new Av1Depacketizer(), "AV01", "320,240");
  }

  private void check(String fixture, Depacketizer d, String fourcc, String size) throws Exception {
    List<Frame> frames = CapturedStream.load(fixture).feed(d);
    Path file = dir.resolve(fixture + (fourcc == null ? ".h264" : ".ivf"));
    try (OutputStream out = Files.newOutputStream(file)) {
      if (fourcc != null) {
        writeIvf(out, fourcc, frames);
      } else {
        for (Frame f : frames) {
          out.write(f.data());
        }
      }
    }
    String stream = ffprobe(file, "-count_frames", "-show_entries", "stream=nb_read_frames,width,height");
    assertEquals(size + "," + frames.size(), stream.trim(), "ffprobe stream: width,height,frames");
    assertEquals(30, frames.size());
    List<String> ours = new ArrayList<>();
    for (Frame f : frames) {
      ours.add(f.keyframe() ? "1" : "0");
    }
    // one line per frame; ffprobe appends an empty side-data column to some H.264 frames ("1,")
    List<String> theirs = List.of(ffprobe(file, "-show_entries", "frame=key_frame").replace(",", "").trim().split("\\s+"));
    assertEquals(ours, theirs, "key frames: ours vs ffprobe");
  }

  /** IVF: a 32-byte file header, then per frame a 12-byte header (size, pts) and the frame. */
  private static void writeIvf(OutputStream out, String fourcc, List<Frame> frames) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    h.put("DKIF".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putShort((short) 32);
    h.put(fourcc.getBytes(StandardCharsets.US_ASCII));
    h.putShort((short) frames.get(0).width()).putShort((short) frames.get(0).height());
    h.putInt(90000).putInt(1).putInt(frames.size()).putInt(0);
    out.write(h.array());
    long first = frames.get(0).rtpTimestamp();
    for (Frame f : frames) {
      ByteBuffer fh = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      fh.putInt(f.data().length).putLong(f.rtpTimestamp() - first);
      out.write(fh.array());
      out.write(f.data());
    }
  }

  private static String ffprobe(Path file, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error", "-select_streams", "v:0"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-of", "csv=p=0", file.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("ffprobe failed: " + out);
    }
    return out;
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
