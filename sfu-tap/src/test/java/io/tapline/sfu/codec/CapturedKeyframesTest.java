package io.tapline.sfu.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.codec.Depacketizer;
import io.tapline.pipeline.codec.Depacketizers;
import io.tapline.pipeline.codec.Frame;
import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.RtpPacket;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Segment boundaries on packets captured from real packetizers (pipeline's fixtures, see
 * {@code pipeline/src/test/resources/fixtures/README.md}). The expected keyframes are not a
 * constant here but what the pipeline's depacketizer assembles from the same capture: one
 * boundary per keyframe, and a segment cut at each boundary decodes from its first packet.
 */
class CapturedKeyframesTest {
  @ParameterizedTest
  @CsvSource({
    "fixtures/h264-gst-320x180-30f.pcap, H264",
    "fixtures/h264-ffmpeg-640x360-30f.pcap, H264",
    "fixtures/vp9-gst-320x240-30f.pcap, VP9",
    "fixtures/vp9-ffmpeg-176x144-30f.pcap, VP9",
    "fixtures/vp8-gst-320x240-30f.pcap, VP8",
    "fixtures/vp8-ffmpeg-176x144-30f.pcap, VP8"
  })
  void oneBoundaryPerKeyframeAndEachCutDecodes(String resource, String codec) throws Exception {
    List<RtpPacket> packets = load(resource);
    List<Long> keyframes = new ArrayList<>();
    List<Frame> frames = assemble(codec, packets, 0);
    for (Frame f : frames) {
      if (f.keyframe()) {
        keyframes.add(f.rtpTimestamp());
      }
    }
    // every fixture holds 30 frames with a keyframe every 10 (README.md): guard against an empty oracle
    assertEquals(30, frames.size(), resource);
    assertEquals(3, keyframes.size(), resource);

    KeyframeBoundary boundary = new KeyframeBoundary(codec);
    List<Integer> cuts = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      if (boundary.isKeyframeStart(packets.get(i))) {
        cuts.add(i);
      }
    }
    assertEquals(keyframes, cuts.stream().map(i -> packets.get(i).timestamp()).toList(), resource + " cuts " + cuts);
    for (int cut : cuts) {
      List<Frame> segment = assemble(codec, packets, cut);
      assertFalse(segment.isEmpty(), resource + " segment from packet " + cut);
      assertTrue(segment.get(0).keyframe(), resource + " segment from packet " + cut + " starts with a keyframe");
      assertEquals(packets.get(cut).timestamp(), segment.get(0).rtpTimestamp(), resource);
    }
  }

  private static List<Frame> assemble(String codec, List<RtpPacket> packets, int from) throws Exception {
    Depacketizer d = Depacketizers.create(codec);
    List<Frame> out = new ArrayList<>();
    for (int i = from; i < packets.size(); i++) {
      d.push(packets.get(i), i, out);
    }
    d.flush(out);
    assertEquals(0, d.drops().total(), codec + " from packet " + from + ": " + d.drops());
    return out;
  }

  private List<RtpPacket> load(String resource) throws Exception {
    List<RtpPacket> packets = new ArrayList<>();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      PcapReader reader = new PcapReader(in);
      for (UdpDatagram d = reader.next(); d != null; d = reader.next()) {
        packets.add(RtpPacket.parse(d.payload()));
      }
    }
    return packets;
  }
}
