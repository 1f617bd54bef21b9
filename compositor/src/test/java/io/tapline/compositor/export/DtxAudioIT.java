package io.tapline.compositor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.compose.CompositionReport;
import io.tapline.compositor.compose.CompositionSpec;
import io.tapline.compositor.compose.Compositor;
import io.tapline.compositor.compose.ProgressListener;
import io.tapline.compositor.fixture.CapturedPcaps;
import io.tapline.compositor.fixture.Ffprobe;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.compositor.fixture.RecordingFixtureBuilder.Rec;
import io.tapline.compositor.track.TimingSource;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.segment.RecordType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opus with real DTX from GStreamer ({@code opus-gst-dtx-ticks.pcap}: opusenc dtx=true, rtpopuspay
 * dtx=true, rtpbin sender reports; a 1 kHz beep every 2 s and nothing sent in the silences but a
 * comfort-noise packet every ~420 ms): the Ogg export keeps the silences in time and the packets
 * after them where their RTP timestamps say; a composite's audio keeps the beeps there too.
 */
class DtxAudioIT {
  private static final String CAPTURE = "opus-gst-dtx-ticks.pcap";
  private static final long JOIN = 500_000; // the capture's first packet, after the recording start
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Ffprobe.assumeInstalled();
  }

  private List<Rec> recs;

  private RecordingDirectory recording() throws Exception {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("rec")).duration(7);
    recs = CapturedPcaps.rtpAndRtcp(CAPTURE, b.startMicros() + JOIN);
    List<Rec> rtp = recs.stream().filter(r -> r.type() == RecordType.RTP).toList();
    b.captured("erin", "Erin", "erin-mic", "audio", "opus", CapturedPcaps.payloadType(rtp), 48000, 1,
        CapturedPcaps.ssrc(rtp), recs);
    b.event(JOIN / 1e6, EventType.PARTICIPANT_JOINED, "erin", null, Map.of("name", "Erin"));
    return b.build();
  }

  /** RTP timestamp (unwrapped from the first) and payload size of each RTP packet. */
  private List<long[]> rtpPackets() {
    List<long[]> out = new ArrayList<>();
    long first = -1;
    for (Rec r : recs) {
      if (r.type() != RecordType.RTP) {
        continue;
      }
      byte[] d = r.data();
      long ts = ((d[4] & 0xffL) << 24) | ((d[5] & 0xff) << 16) | ((d[6] & 0xff) << 8) | (d[7] & 0xff);
      if (first < 0) {
        first = ts;
      }
      out.add(new long[] {(ts - first) & 0xffff_ffffL, d.length - 12});
    }
    return out;
  }

  @Test
  void theOggKeepsTheSilencesAndPutsThePacketsAfterThemAtTheirTimestamps() throws Exception {
    RecordingDirectory rec = recording();
    ExportReport r = new TrackExporter().export(rec, "erin-mic", tmp.resolve("erin-mic.ogg"));
    assertTrue(r.written(), r.toString());
    assertEquals(TimingSource.SENDER_REPORTS, r.timing(), r.toString());
    List<long[]> sent = rtpPackets();
    long[] last = sent.get(sent.size() - 1);
    int gaps = 0;
    for (int i = 1; i < sent.size(); i++) {
      gaps += sent.get(i)[0] - sent.get(i - 1)[0] > 960 ? 1 : 0;
    }
    assertTrue(gaps >= 6, "the capture has DTX gaps: " + gaps);

    // the file spans from the recording start to the end of the last packet (20 ms), within 20 ms
    double span = JOIN / 1e6 + (last[0] + 960) / 48000.0;
    double duration = Ffprobe.probe(r.output()).get("format").get("duration").asDouble();
    assertEquals(span, duration, 0.020, "Ogg duration vs the track's wall-clock span");

    // the stream is continuous (an Ogg player plays packets back to back, so a hole would pull all
    // that follows early), the fill only ever silence, no sent packet lost
    List<double[]> packets = Ffprobe.audioPackets(r.output());
    for (int i = 1; i < packets.size(); i++) {
      assertEquals(packets.get(i - 1)[0] + packets.get(i - 1)[2], packets.get(i)[0], 0.0005,
          "packet " + i + " starts where the one before ends");
    }
    assertEquals(sent.stream().filter(p -> p[1] != 3).count(), packets.stream().filter(p -> p[1] != 3).count(),
        "packets with media (not 3-byte DTX or fill) sent vs in the Ogg");
    // each packet sent after a DTX gap sits at its RTP time (within the 2.5 ms of the shortest fill)
    double offset = packets.stream().filter(p -> p[1] == sent.get(0)[1]).findFirst().orElseThrow()[0];
    int checked = 0;
    for (int i = 1; i < sent.size(); i++) {
      if (sent.get(i)[0] - sent.get(i - 1)[0] <= 960) {
        continue;
      }
      double expected = offset + sent.get(i)[0] / 48000.0;
      long size = sent.get(i)[1];
      double nearest = packets.stream().filter(p -> p[1] == size).mapToDouble(p -> p[0])
          .reduce(Double.NaN, (a, b) -> Double.isNaN(a) || Math.abs(b - expected) < Math.abs(a - expected) ? b : a);
      assertEquals(expected, nearest, 0.0026, "packet " + i + " after a gap of "
          + (sent.get(i)[0] - sent.get(i - 1)[0]) / 48 + " ms");
      checked++;
    }
    assertEquals(gaps, checked);
    // sender reports place media at its capture time, a few ms (encoder look-ahead, sending) before arrival
    assertEquals(JOIN / 1e6, offset, 0.010, "the first packet at the join");
    assertEquals("", Ffprobe.decodeErrors(r.output()));
  }

  @Test
  void theCompositeKeepsTheBeepsAfterTheSilencesInPlace() throws Exception {
    RecordingDirectory rec = recording();
    ExportReport ogg = new TrackExporter().export(rec, "erin-mic", tmp.resolve("erin-mic.ogg"));
    Path out = tmp.resolve("dtx.mp4");
    CompositionReport r = new Compositor().compose(rec,
        CompositionSpec.defaults().withSize(320, 180, 15).withBitrate(200_000, "veryfast").withDwell(0), out,
        ProgressListener.NONE);
    assertEquals(TimingSource.SENDER_REPORTS, r.timing().get("erin-mic"), r.toString());
    // the beeps start about every 2 s; each one's onset in the composite (AAC) matches the Ogg's
    int found = 0;
    for (double from = 1.0; from < 6.8; from += 2.0) {
      double inOgg = Ffprobe.firstLoudSample(ogg.output(), from, 1.9, 0.2);
      double inComposite = Ffprobe.firstLoudSample(out, from, 1.9, 0.2);
      if (Double.isNaN(inOgg)) {
        continue;
      }
      found++;
      assertEquals(inOgg, inComposite, 0.010, "beep onset after the silence before " + (from + 1.9) + " s");
    }
    assertTrue(found >= 3, "beeps found after silences: " + found);
  }
}
