package io.tapline.sfu.testing;

import io.tapline.sfu.media.PublishEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A GStreamer process publishing VP8 video and Opus audio as plain RTP through {@code rtpbin}, so
 * it sends RTCP sender reports and takes RTCP back (PLI makes {@code vp8enc} send a keyframe): each
 * RTCP sink sends from the port its {@code udpsrc} listens on (symmetric RTCP). The encoder makes
 * keyframes only on request ({@code keyframe-max-dist} of 100 s), so keyframes prove the SFU asked.
 */
public final class GstSender implements AutoCloseable {
  private final Process process;

  public GstSender(PublishEndpoint video, PublishEndpoint audio, int pattern, Path log) throws IOException {
    int videoRtcpLocal = Tools.freeUdpPort();
    int audioRtcpLocal = Tools.freeUdpPort();
    String host = video.rtp().getAddress().getHostAddress();
    String pipeline = String.join(" ",
        "rtpbin name=rb",
        "videotestsrc is-live=true pattern=" + pattern,
        "! video/x-raw,width=320,height=240,format=I420,framerate=30/1",
        "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=3000 target-bitrate=300000",
        "! rtpvp8pay pt=96 mtu=1200 picture-id-mode=15-bit ! rb.send_rtp_sink_0",
        "rb.send_rtp_src_0 ! udpsink host=" + host + " port=" + video.rtp().getPort(),
        "rb.send_rtcp_src_0 ! udpsink host=" + host + " port=" + video.rtcp().getPort()
            + " bind-port=" + videoRtcpLocal + " sync=false async=false",
        "udpsrc address=127.0.0.1 port=" + videoRtcpLocal + " ! rb.recv_rtcp_sink_0",
        "audiotestsrc is-live=true wave=sine freq=" + (300 + 100 * pattern),
        "! audio/x-raw,rate=48000,channels=2 ! opusenc frame-size=20 ! rtpopuspay pt=111 ! rb.send_rtp_sink_1",
        "rb.send_rtp_src_1 ! udpsink host=" + host + " port=" + audio.rtp().getPort(),
        "rb.send_rtcp_src_1 ! udpsink host=" + host + " port=" + audio.rtcp().getPort()
            + " bind-port=" + audioRtcpLocal + " sync=false async=false",
        "udpsrc address=127.0.0.1 port=" + audioRtcpLocal + " ! rb.recv_rtcp_sink_1");
    List<String> command = new java.util.ArrayList<>(List.of("gst-launch-1.0", "-q"));
    command.addAll(List.of(pipeline.split(" ")));
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
