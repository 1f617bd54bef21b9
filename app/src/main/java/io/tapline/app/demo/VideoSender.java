package io.tapline.app.demo;

import io.tapline.compositor.synthetic.EncodedPacket;
import io.tapline.compositor.synthetic.SyntheticVideo;
import io.tapline.pipeline.codec.Vp8Packetizer;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtcp.FullIntraRequest;
import io.tapline.pipeline.rtcp.PictureLossIndication;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtp.RtpSenderStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera: VP8 pictures of a {@link SyntheticVideo}, packetized per RFC 7741 (1200-byte
 * payloads at most, marker on a picture's last packet). It listens on its RTCP socket for picture
 * loss indications and full intra requests (RFC 4585 section 6.3.1, RFC 5104 section 4.3.1) from
 * the SFU, which asks when a recording starts or a subscriber joins, and answers with a keyframe.
 */
final class VideoSender extends TrackSender {
  private static final Logger log = LoggerFactory.getLogger(VideoSender.class);
  private static final int MAX_PAYLOAD = 1200;

  private final SyntheticVideo video;
  private final Vp8Packetizer packetizer = new Vp8Packetizer(MAX_PAYLOAD);
  private final AtomicBoolean keyframeWanted = new AtomicBoolean();
  private final AtomicLong keyframeRequests = new AtomicLong();
  private final AtomicLong malformedRtcp = new AtomicLong();
  private Thread feedback;

  VideoSender(String trackId, SyntheticVideo video, RtpSenderStream stream, DatagramChannel rtp,
      DatagramChannel rtcp, InetSocketAddress rtpTo, InetSocketAddress rtcpTo) {
    super(trackId, stream, rtp, rtcp, rtpTo, rtcpTo);
    this.video = video;
  }

  @Override
  void start(Clock c) {
    feedback = new Thread(this::readFeedback, "demo-rtcp-" + trackId);
    feedback.setDaemon(true);
    feedback.start();
    super.start(c);
  }

  @Override
  long periodNanos() {
    return 1_000_000_000L / video.fps();
  }

  @Override
  List<byte[]> frame(long index) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (EncodedPacket p : video.next(keyframeWanted.getAndSet(false))) {
      long ticks = p.pts() * 90_000L / video.fps();
      out.addAll(stream.packets(ticks, packetizer.packetize(p.data()), true));
    }
    return out;
  }

  @Override
  void skipTo(long index) {
    video.skipTo((int) index);
  }

  private void readFeedback() {
    ByteBuffer buf = ByteBuffer.allocate(1500);
    while (rtcp.isOpen()) {
      try {
        buf.clear();
        rtcp.receive(buf);
        buf.flip();
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        for (RtcpPacket p : RtcpCompound.parse(b)) {
          boolean forUs = (p instanceof PictureLossIndication pli && pli.mediaSsrc() == stream.ssrc())
              || (p instanceof FullIntraRequest fir && fir.entries().stream().anyMatch(e -> e.ssrc() == stream.ssrc()));
          if (forUs) {
            keyframeRequests.incrementAndGet();
            keyframeWanted.set(true);
          }
        }
      } catch (MalformedPacketException e) {
        malformedRtcp.incrementAndGet();
        log.debug("{}: malformed RTCP dropped: {}", trackId, e.getMessage());
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.debug("{}: RTCP receive failed", trackId, e);
      }
    }
  }

  long keyframeRequests() {
    return keyframeRequests.get();
  }

  @Override
  void closeEncoder() {
    video.close();
  }
}
