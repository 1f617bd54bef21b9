package io.tapline.pipeline.tools;

import io.tapline.pipeline.segment.SegmentHeader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The real capture under {@code src/test/resources/fixtures} and the headers of its two streams. */
public final class Fixtures {
  /** 2 s VP8 (udp/5004 + RTCP 5005) and Opus (5006 + 5007) from GStreamer; see fixtures/README.md. */
  public static final String CAPTURE = "/fixtures/segtools-vp8-opus.pcap";
  public static final long VIDEO_SSRC = 0x11223344L;
  public static final long AUDIO_SSRC = 0x55667788L;
  public static final int VIDEO_RTP_PACKETS = 95;
  public static final int VIDEO_RTCP_PACKETS = 6;
  public static final int AUDIO_RTP_PACKETS = 101;
  public static final int AUDIO_RTCP_PACKETS = 6;
  static final String TWCC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

  private Fixtures() {}

  public static Path capture() {
    try {
      return Path.of(Fixtures.class.getResource(CAPTURE).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SegmentHeader videoHeader() {
    return new SegmentHeader("rec-fixture", "conv-fixture", "gst", "cam", "video", "camera", "VP8", 96, 90000,
        null, null, Map.of(3, TWCC), 0, 0, null);
  }

  public static SegmentHeader audioHeader() {
    return new SegmentHeader("rec-fixture", "conv-fixture", "gst", "mic", "audio", "microphone", "opus", 111, 48000,
        2, "minptime=10;useinbandfec=1", Map.of(3, TWCC), 0, 0, null);
  }

  /** The video stream of the capture as a segment file {@code dir/cam.tseg}. */
  public static Path videoSegment(Path dir) throws java.io.IOException {
    Path f = dir.resolve("cam.tseg");
    PcapImport.importSegment(capture(), PcapImport.Selection.ports(5004, 5005), videoHeader(), f);
    return f;
  }

  /** The audio stream of the capture as a segment file {@code dir/mic.tseg}. */
  public static Path audioSegment(Path dir) throws java.io.IOException {
    Path f = dir.resolve("mic.tseg");
    PcapImport.importSegment(capture(), PcapImport.Selection.ports(5006, 5007), audioHeader(), f);
    return f;
  }
}
