package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.fixture.RecordingFixtureBuilder.Rec;
import io.tapline.compositor.track.TimingSource;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lip sync with a real sender for H.264 and VP9: ffmpeg makes 7 s of a white flash and a 1 kHz
 * beep at the start of every second (one Matroska file, so both start together), GStreamer sends
 * it through rtpbin in real time with RTCP sender reports, audio and video on RTP timestamp bases
 * set far apart on purpose (and near the 32-bit wrap for audio); this test records what arrives
 * on its sockets, as the tap does. In the composite every flash and its beep must be within one
 * video frame of each other. The flash at the very start of the stream is left out: the first
 * picture shows at the first output frame after it is decoded, an edge that says nothing of sync.
 */
class LipSyncRealSenderIT {
  private static final int FPS = 30;
  @TempDir Path tmp;

  @BeforeAll
  static void tools() throws Exception {
    Ffprobe.assumeInstalled();
    for (String element : List.of("rtph264pay", "rtpvp9pay", "matroskademux", "h264parse", "opusparse")) {
      Process p;
      try {
        p = new ProcessBuilder("gst-inspect-1.0", element).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      } catch (java.io.IOException e) {
        p = null;
      }
      assumeTrue(p != null && p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "GStreamer " + element);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"H264", "VP9"})
  void flashAndBeepStayWithinOneFrame(String codec) throws Exception {
    Path source = tmp.resolve("flash-beep.mkv");
    List<String> ff = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y",
        "-f", "lavfi", "-i", "color=c=black:s=320x180:r=" + FPS + ":d=7",
        "-f", "lavfi", "-i", "sine=f=1000:r=48000:d=7:samples_per_frame=480",
        "-vf", "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='lt(mod(t,1),0.1)'",
        // enable= is evaluated per filter frame: 10 ms audio frames put each beep on the second (the
        // default 1024 samples would start beep k at ceil(k * 46.875) frames, 2.7 ms later each second)
        "-af", "volume=volume=0:enable='gte(mod(t,1),0.1)'", "-pix_fmt", "yuv420p", "-g", "30"));
    ff.addAll(codec.equals("H264")
        ? List.of("-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-tune", "zerolatency")
        : List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-b:v", "300k"));
    ff.addAll(List.of("-c:a", "libopus", "-frame_duration", "20", "-ac", "1", source.toString()));
    Process enc = new ProcessBuilder(ff).redirectErrorStream(true).start();
    String encLog = new String(enc.getInputStream().readAllBytes());
    assertTrue(enc.waitFor(120, TimeUnit.SECONDS) && enc.exitValue() == 0, encLog);

    List<DatagramChannel> socks = new ArrayList<>();
    List<List<Rec>> recs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
      ch.bind(new InetSocketAddress("127.0.0.1", 0));
      ch.configureBlocking(false);
      socks.add(ch);
      recs.add(Collections.synchronizedList(new ArrayList<>()));
    }
    int[] port = socks.stream().mapToInt(s -> ((InetSocketAddress) RealSenderIT.uncheckedLocal(s)).getPort()).toArray();
    long start = System.currentTimeMillis() * 1000;
    Thread reader = new Thread(() -> RealSenderIT.receive(socks, recs));
    reader.start();
    String pay = codec.equals("H264") ? "h264parse config-interval=-1 ! rtph264pay" : "rtpvp9pay";
    String pipeline = "rtpbin name=b filesrc location=" + source + " ! matroskademux name=d "
        + "d.video_0 ! queue ! " + pay + " pt=96 ssrc=1111 timestamp-offset=123456 mtu=1200 ! b.send_rtp_sink_0 "
        + "b.send_rtp_src_0 ! udpsink host=127.0.0.1 port=" + port[0] + " "
        + "b.send_rtcp_src_0 ! udpsink host=127.0.0.1 port=" + port[1] + " sync=false async=false "
        + "d.audio_0 ! queue ! opusparse ! rtpopuspay pt=111 ssrc=2222 timestamp-offset=4294000000 ! b.send_rtp_sink_1 "
        + "b.send_rtp_src_1 ! udpsink host=127.0.0.1 port=" + port[2] + " "
        + "b.send_rtcp_src_1 ! udpsink host=127.0.0.1 port=" + port[3] + " sync=false async=false";
    List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-q", "-e"));
    cmd.addAll(List.of(pipeline.split(" ")));
    Process gst = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!gst.waitFor(30, TimeUnit.SECONDS)) {
      gst.destroy();
      gst.waitFor(5, TimeUnit.SECONDS);
    }
    Thread.sleep(300);
    reader.interrupt();
    reader.join();
    long stop = System.currentTimeMillis() * 1000;
    for (DatagramChannel s : socks) {
      s.close();
    }
    List<Rec> video = RealSenderIT.merge(recs.get(0), recs.get(1));
    List<Rec> audio = RealSenderIT.merge(recs.get(2), recs.get(3));
    assertTrue(recs.get(0).size() > 100 && recs.get(2).size() > 200, "RTP arrived: " + recs.get(0).size() + " / "
        + recs.get(2).size());
    assertTrue(!recs.get(1).isEmpty() && !recs.get(3).isEmpty(), "RTCP arrived: " + recs.get(1).size() + " / "
        + recs.get(3).size());

    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).startingAt(start)
        .duration((stop - start) / 1e6);
    b.captured("gst", "Gst", "gst-cam", "video", codec, 96, 90000, null, 1111, video);
    b.captured("gst", "Gst", "gst-mic", "audio", "opus", 111, 48000, 1, 2222, audio);
    RecordingDirectory rec = b.build();
    Path out = tmp.resolve("lipsync.mp4");
    CompositionReport r = new Compositor().compose(rec, CompositionSpec.defaults().withLayout(
        io.tapline.compositor.layout.LayoutKind.SINGLE).withSize(320, 180, FPS).withBitrate(300_000, "veryfast"), out,
        ProgressListener.NONE);
    assertEquals(TimingSource.SENDER_REPORTS, r.timing().get("gst-cam"), r.toString());
    assertEquals(TimingSource.SENDER_REPORTS, r.timing().get("gst-mic"), r.toString());

    int pairs = 0;
    double from = (recs.get(0).get(0).arrival() - start) / 1e6 + 0.5;
    StringBuilder seen = new StringBuilder();
    while (true) {
      double flash = Ffprobe.firstBrightFrame(out, from, 120, 60, 80, 60, 200);
      if (Double.isNaN(flash)) {
        break;
      }
      double beep = Ffprobe.firstLoudSample(out, flash - 0.5, 1.0, 0.05); // lavfi sine peaks at 1/8
      seen.append(String.format(" flash %.3f beep %.3f;", flash, beep));
      // the picture is sampled at the output rate: within one frame of the sound
      assertEquals(flash, beep, 1.0 / FPS, codec + ":" + seen);
      pairs++;
      from = flash + 0.5;
    }
    org.slf4j.LoggerFactory.getLogger(LipSyncRealSenderIT.class).info("{} lip sync:{}", codec, seen);
    assertTrue(pairs >= 3, codec + " flash/beep pairs found:" + seen);
  }
}
