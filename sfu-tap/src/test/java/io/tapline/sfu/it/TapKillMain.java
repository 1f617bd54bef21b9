package io.tapline.sfu.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.tap.RecordingSession;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.testing.UdpPeer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link TapKillIT} kills: a media plane recording a live audio and video sender (in
 * this process, so it dies too). Prints {@code FLUSHED <records> <epochMicros>} each time the tap
 * has handed more records to the OS, and runs until killed.
 *
 * <p>Arguments: recording directory, flush interval in milliseconds.
 */
public final class TapKillMain {
  private TapKillMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Duration flush = Duration.ofMillis(Long.parseLong(args[1]));
    TapConfig config = TapConfig.defaults().withSegmentDuration(Duration.ofSeconds(1)).withFlushInterval(flush);
    UdpMediaPlane plane = new UdpMediaPlane(MediaPlaneConfig.defaults(), config, new SimpleMeterRegistry());
    PublishEndpoint video = plane.publish(Specs.video("kill", "alice", "v1"));
    PublishEndpoint audio = plane.publish(Specs.audio("kill", "alice", "a1"));
    RecordingSession recording = (RecordingSession) plane.start("kill", "rec-kill", dir);
    Thread sender = new Thread(() -> send(video, audio), "sender");
    sender.setDaemon(true);
    sender.start();
    System.out.println("READY");
    long reported = 0;
    while (true) {
      long flushed = recording.recordsFlushed();
      if (flushed != reported) {
        reported = flushed;
        System.out.println("FLUSHED " + flushed + " " + System.currentTimeMillis() * 1000);
        System.out.flush();
      }
      Thread.sleep(10);
    }
  }

  private static void send(PublishEndpoint video, PublishEndpoint audio) {
    try (UdpPeer peer = new UdpPeer()) {
      for (int i = 0; ; i++) {
        long ts = 1800L * i;
        boolean key = i % 10 == 0;
        peer.send(new RtpBuilder().ssrc(11).seq(2 * i).ts(ts).vp8(true, key, 800).build(), video.rtp());
        peer.send(new RtpBuilder().ssrc(11).seq(2 * i + 1).ts(ts).marker(true).vp8(false, key, 600).build(),
            video.rtp());
        peer.send(new RtpBuilder().pt(111).ssrc(12).seq(i).ts(960L * i).build(), audio.rtp());
        Thread.sleep(20);
      }
    } catch (Exception e) {
      e.printStackTrace();
    }
  }
}
