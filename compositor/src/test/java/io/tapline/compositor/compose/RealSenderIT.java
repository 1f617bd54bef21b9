package io.tapline.compositor.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.fixture.RecordingFixtureBuilder.Rec;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.segment.RecordType;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sender: GStreamer encodes VP8 and Opus and sends RTP + RTCP through rtpbin to sockets of
 * this test, which writes what arrives as a recording, like the tap. The composite and the
 * per-track files must be valid and as long as the capture.
 */
class RealSenderIT {
  @TempDir Path tmp;

  @BeforeAll
  static void tools() throws Exception {
    Ffprobe.assumeInstalled();
    Process p;
    try {
      p = new ProcessBuilder("gst-inspect-1.0", "vp8enc").redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      p = null;
    }
    boolean ok = p != null && p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(ok, "GStreamer with vp8enc not installed");
  }

  @Test
  void gstreamerSenderRecordedThroughSocketsComposesAndExports() throws Exception {
    List<DatagramChannel> socks = new ArrayList<>();
    List<List<Rec>> recs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
      ch.bind(new InetSocketAddress("127.0.0.1", 0));
      ch.configureBlocking(false);
      socks.add(ch);
      recs.add(Collections.synchronizedList(new ArrayList<>()));
    }
    int[] port = socks.stream().mapToInt(s -> ((InetSocketAddress) uncheckedLocal(s)).getPort()).toArray();
    long start = System.currentTimeMillis() * 1000;
    Thread reader = new Thread(() -> receive(socks, recs));
    reader.start();
    String pipeline = "rtpbin name=b "
        + "videotestsrc is-live=true num-buffers=90 pattern=ball ! video/x-raw,format=I420,width=320,height=180,"
        + "framerate=30/1 ! vp8enc deadline=1 keyframe-max-dist=30 ! rtpvp8pay pt=96 ssrc=1111 ! b.send_rtp_sink_0 "
        + "b.send_rtp_src_0 ! udpsink host=127.0.0.1 port=" + port[0] + " "
        + "b.send_rtcp_src_0 ! udpsink host=127.0.0.1 port=" + port[1] + " sync=false async=false "
        + "audiotestsrc is-live=true num-buffers=150 wave=sine freq=440 ! audio/x-raw,rate=48000,channels=2 ! "
        + "opusenc ! rtpopuspay pt=111 ssrc=2222 ! b.send_rtp_sink_1 "
        + "b.send_rtp_src_1 ! udpsink host=127.0.0.1 port=" + port[2] + " "
        + "b.send_rtcp_src_1 ! udpsink host=127.0.0.1 port=" + port[3] + " sync=false async=false";
    List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-q", "-e"));
    cmd.addAll(List.of(pipeline.split(" ")));
    Process gst = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    // 3 s of media; EOS through rtpbin's RTCP branches is not always timely on a loaded machine, and a
    // recording is whatever arrived: stop the sender if it lingers
    if (!gst.waitFor(20, TimeUnit.SECONDS)) {
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
    List<Rec> video = merge(recs.get(0), recs.get(1));
    List<Rec> audio = merge(recs.get(2), recs.get(3));
    assertTrue(video.size() > 60 && audio.size() > 100, "packets arrived: " + video.size() + " / " + audio.size());

    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).startingAt(start)
        .duration((stop - start) / 1e6);
    b.captured("gst", "Gst", "gst-cam", "video", "VP8", 96, 90000, null, 1111, video);
    b.captured("gst", "Gst", "gst-mic", "audio", "opus", 111, 48000, 2, 2222, audio);
    RecordingDirectory rec = b.build();

    Path out = tmp.resolve("real.mp4");
    CompositionReport r = new Compositor().compose(rec,
        CompositionSpec.defaults().withSize(320, 180, 30).withBitrate(300_000, "veryfast"), out, ProgressListener.NONE);
    JsonNode p = Ffprobe.probe(out);
    assertEquals("h264", Ffprobe.stream(p, "video").get("codec_name").asText());
    assertEquals((stop - start) / 1e6, Ffprobe.stream(p, "video").get("duration").asDouble(), 1.0 / 30 + 1e-3);
    assertEquals("", Ffprobe.decodeErrors(out));
    assertTrue(r.timing().containsKey("gst-cam") && r.timing().containsKey("gst-mic"), r.toString());

    ExportReport v = new TrackExporter().export(rec, "gst-cam", tmp.resolve("cam.webm"));
    ExportReport a = new TrackExporter().export(rec, "gst-mic", tmp.resolve("mic.ogg"));
    JsonNode vp = Ffprobe.probe(v.output());
    assertEquals(320, Ffprobe.stream(vp, "video").get("width").asInt());
    // 90 pictures at 30 fps
    assertEquals(3.0, vp.get("format").get("duration").asDouble() - v.startMicros() / 1e6, 0.25);
    assertEquals("", Ffprobe.decodeErrors(v.output()));
    assertEquals(48000, Ffprobe.stream(Ffprobe.probe(a.output()), "audio").get("sample_rate").asInt());
    assertEquals("", Ffprobe.decodeErrors(a.output()));
  }

  static Object uncheckedLocal(DatagramChannel s) {
    try {
      return s.getLocalAddress();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Rec> merge(List<Rec> rtp, List<Rec> rtcp) {
    List<Rec> all = new ArrayList<>(rtp);
    all.addAll(rtcp);
    all.sort((x, y) -> Long.compare(x.arrival(), y.arrival()));
    return all;
  }

  /** Receives on RTP, RTCP, RTP, RTCP sockets, stamping arrivals on the tap clock, until interrupted. */
  static void receive(List<DatagramChannel> socks, List<List<Rec>> out) {
    // the tap's clock: epoch microseconds advanced by the monotonic clock
    long baseMicros = System.currentTimeMillis() * 1000;
    long baseNanos = System.nanoTime();
    ByteBuffer buf = ByteBuffer.allocate(65536);
    while (!Thread.currentThread().isInterrupted()) {
      boolean any = false;
      for (int i = 0; i < socks.size(); i++) {
        try {
          buf.clear();
          if (socks.get(i).receive(buf) != null) {
            any = true;
            buf.flip();
            byte[] data = new byte[buf.remaining()];
            buf.get(data);
            long now = baseMicros + (System.nanoTime() - baseNanos) / 1000;
            out.get(i).add(new Rec(i % 2 == 0 ? RecordType.RTP : RecordType.RTCP, now, data));
          }
        } catch (java.io.IOException e) {
          return;
        }
      }
      if (!any) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
