package io.tapline.sfu.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.RtpPacket;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The keyframe checks on packets captured from real packetizers (pipeline's fixtures, made with
 * keyframe intervals of at most 10 frames over 30 frames): each keyframe is found once,
 * where a segment may start (GStreamer's H.264 opens each frame with an AUD-only STAP-A, ffmpeg's
 * VP9 never sets the P bit).
 */
class CapturedKeyframesTest {
  @ParameterizedTest
  @CsvSource({
    // x264 in the GStreamer capture placed IDRs (each with SPS/PPS) at frames 0, 10, 19 and 27
    "fixtures/h264-gst-320x180-30f.pcap, H264, 4",
    "fixtures/h264-ffmpeg-640x360-30f.pcap, H264, 3",
    "fixtures/vp9-gst-320x240-30f.pcap, VP9, 3",
    "fixtures/vp9-ffmpeg-176x144-30f.pcap, VP9, 3",
    "fixtures/vp8-gst-320x240-30f.pcap, VP8, 3",
    "fixtures/vp8-ffmpeg-176x144-30f.pcap, VP8, 3"
  })
  void findsOneKeyframeStartPerKeyframe(String resource, String codec, int keyframes) throws Exception {
    List<RtpPacket> packets = new ArrayList<>();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      PcapReader reader = new PcapReader(in);
      for (UdpDatagram d = reader.next(); d != null; d = reader.next()) {
        packets.add(RtpPacket.parse(d.payload()));
      }
    }
    KeyframeBoundary boundary = new KeyframeBoundary(codec);
    int starts = 0;
    for (RtpPacket p : packets) {
      if (boundary.isKeyframeStart(p)) {
        starts++;
      }
    }
    assertEquals(keyframes, starts, resource + " (" + packets.size() + " packets)");
  }
}
