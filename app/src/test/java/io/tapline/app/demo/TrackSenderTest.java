package io.tapline.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.synthetic.SyntheticAudio;
import io.tapline.compositor.synthetic.SyntheticVideo;
import io.tapline.compositor.synthetic.TestPattern;
import io.tapline.compositor.synthetic.Tone;
import io.tapline.compositor.synthetic.YuvPicture.Color;
import io.tapline.pipeline.codec.Frame;
import io.tapline.pipeline.codec.Vp8Depacketizer;
import io.tapline.pipeline.rtcp.Bye;
import io.tapline.pipeline.rtcp.PictureLossIndication;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.RtpSenderStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Senders on loopback sockets: what arrives must be paced RTP, sender reports, keyframes on request and a BYE. */
class TrackSenderTest {
  @Test
  void audioIsPacedRtpWithASenderReportFirstAndAByeAtTheEnd() throws Exception {
    try (DatagramChannel rtpIn = receiver(); DatagramChannel rtcpIn = receiver();
        DatagramChannel rtpOut = sender(); DatagramChannel rtcpOut = sender()) {
      RtpSenderStream stream = new RtpSenderStream(0x5eed, 111, 48_000, "t@demo", new Random(1));
      AudioSender s = new AudioSender("t-mic", SyntheticAudio.opus(2, 48_000, new Tone(440, 0.3, 0.03, 400)), stream,
          rtpOut, rtcpOut, local(rtpIn), local(rtcpIn));
      long start = System.nanoTime();
      s.start(TrackSender.Clock.now());
      // About a second of 20 ms packets; on a starved machine the sender falls behind and skips
      // ahead, so wait for the count rather than for a fixed time (never timed: no upper bound on
      // how long that takes, only on how fast packets may come).
      List<byte[]> received = new ArrayList<>();
      long deadline = start + 30_000_000_000L;
      while (received.size() < 45 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        received.addAll(drain(rtpIn));
      }
      s.close();
      double seconds = (System.nanoTime() - start) / 1e9;
      received.addAll(drain(rtpIn));

      List<RtpPacket> rtp = new ArrayList<>();
      for (byte[] b : received) {
        rtp.add(RtpPacket.parse(b));
      }
      // paced: never faster than one per 20 ms (the first comes at once)
      assertTrue(rtp.size() >= 45 && rtp.size() <= seconds * 50 + 2, rtp.size() + " packets in " + seconds + " s");
      for (int i = 1; i < rtp.size(); i++) {
        assertEquals((rtp.get(i - 1).sequenceNumber() + 1) & 0xffff, rtp.get(i).sequenceNumber());
        long step = (rtp.get(i).timestamp() - rtp.get(i - 1).timestamp()) & 0xffffffffL;
        // 960 per packet; a multiple of it where a starved sender skipped frames to catch up
        assertTrue(step >= 960 && step % 960 == 0, "timestamp step " + step);
        assertEquals(0x5eed, rtp.get(i).ssrc());
      }
      List<byte[]> rtcp = drain(rtcpIn);
      assertTrue(rtcp.size() >= 2, "a report at the start and a last one with the BYE: " + rtcp.size());
      SenderReport first = assertInstanceOf(SenderReport.class, RtcpCompound.parse(rtcp.get(0)).get(0));
      assertEquals(0x5eed, first.ssrc());
      List<RtcpPacket> last = RtcpCompound.parse(rtcp.get(rtcp.size() - 1));
      assertInstanceOf(SenderReport.class, last.get(0));
      assertInstanceOf(Bye.class, last.get(last.size() - 1));
      assertEquals(rtp.size(), ((SenderReport) last.get(0)).packetCount());
    }
  }

  @Test
  void videoAnswersAPictureLossIndicationWithAKeyframe() throws Exception {
    try (DatagramChannel rtpIn = receiver(); DatagramChannel rtcpIn = receiver();
        DatagramChannel rtpOut = sender(); DatagramChannel rtcpOut = sender()) {
      RtpSenderStream stream = new RtpSenderStream(0xcafe, 96, 90_000, "v@demo", new Random(2));
      // a keyframe only every 1000 pictures (over a minute): any other comes from the request
      VideoSender s = new VideoSender("t-cam", SyntheticVideo.vp8(320, 180, 15, 300_000, 1000,
          new TestPattern("T", new Color(81, 90, 240), 15)), stream, rtpOut, rtcpOut, local(rtpIn), local(rtcpIn));
      Vp8Depacketizer d = new Vp8Depacketizer();
      List<Frame> frames = new ArrayList<>();
      s.start(TrackSender.Clock.now());
      // counts of pictures, not fixed sleeps: a starved sender takes longer (and skips ahead)
      receivePictures(rtpIn, d, frames, () -> frames.size() >= 6);
      byte[] pli = new byte[12];
      new PictureLossIndication(1, 0xcafe).writeTo(pli, 0);
      rtcpIn.send(ByteBuffer.wrap(pli), local(rtcpOut));
      receivePictures(rtpIn, d, frames, () -> frames.size() >= 12 && keyframes(frames) >= 2);
      s.close();
      for (byte[] b : drain(rtpIn)) {
        d.push(RtpPacket.parse(b), 0, frames);
      }

      assertEquals(0, d.drops().total(), d.drops().toString());
      long keyframes = keyframes(frames);
      assertTrue(frames.size() >= 12, frames.size() + " pictures");
      assertTrue(frames.get(0).keyframe());
      assertEquals(2, keyframes, "the first picture and the one answering the PLI");
      assertEquals(1, s.keyframeRequests());
      assertEquals(320, frames.get(0).width());
    }
  }

  /** Depacketizes what arrives until {@code done} holds, for at most 30 s (a failing test only). */
  private static void receivePictures(DatagramChannel rtpIn, Vp8Depacketizer d, List<Frame> frames,
      BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      for (byte[] b : drain(rtpIn)) {
        d.push(RtpPacket.parse(b), 0, frames);
      }
    }
  }

  private static long keyframes(List<Frame> frames) {
    return frames.stream().filter(Frame::keyframe).count();
  }

  private static DatagramChannel receiver() throws Exception {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    ch.bind(new InetSocketAddress("127.0.0.1", 0));
    ch.configureBlocking(false);
    return ch;
  }

  private static DatagramChannel sender() throws Exception {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    ch.bind(new InetSocketAddress("127.0.0.1", 0));
    return ch;
  }

  private static InetSocketAddress local(DatagramChannel ch) throws Exception {
    return (InetSocketAddress) ch.getLocalAddress();
  }

  private static List<byte[]> drain(DatagramChannel ch) throws Exception {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.allocate(2048);
    while (ch.receive(buf) != null) {
      buf.flip();
      byte[] b = new byte[buf.remaining()];
      buf.get(b);
      out.add(b);
      buf.clear();
    }
    return out;
  }
}
