package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.codec.Vp8PayloadDescriptor;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.testing.RtpBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A subscriber moved between simulcast layers sees one stream: sequence numbers without a gap,
 * timestamps moving forward, VP8 picture ids and TL0PICIDX continuing, and only at keyframes.
 */
class SimulcastSwitchTest {
  /** One layer's RTP stream as a publisher sends it: its own SSRC, sequence, timestamps, picture ids. */
  static final class Layer {
    final long ssrc;
    int seq;
    long ts;
    int pictureId;
    int tl0;

    Layer(long ssrc, int seq, long ts, int pictureId, int tl0) {
      this.ssrc = ssrc;
      this.seq = seq;
      this.ts = ts;
      this.pictureId = pictureId;
      this.tl0 = tl0;
    }

    /** One frame of {@code packets} packets; returns them. */
    List<byte[]> frame(boolean keyframe, int packets) {
      List<byte[]> out = new ArrayList<>();
      for (int i = 0; i < packets; i++) {
        byte[] p = new byte[16];
        p[0] = (byte) (0x80 | (i == 0 ? 0x10 : 0)); // X, S on the first packet
        p[1] = (byte) 0xc0; // I and L
        p[2] = (byte) (0x80 | (pictureId >>> 8)); // M: 15-bit picture id
        p[3] = (byte) pictureId;
        p[4] = (byte) tl0;
        p[5] = (byte) (keyframe ? 0x10 : 0x11); // frame tag, P = 0 on a keyframe
        out.add(new RtpBuilder().seq(seq++).ts(ts).ssrc(ssrc).marker(i == packets - 1).payload(p).build());
      }
      ts += 3000;
      pictureId = (pictureId + 1) & 0x7fff;
      tl0 = (tl0 + 1) & 0xff;
      return out;
    }
  }

  final Subscription sub = new Subscription("bob", 0xb0b, null, null, false, 90000, 100, 5000);
  final List<RtpPacket> sent = new ArrayList<>();
  final Layer[] layers = {new Layer(11, 40000, 1_000_000, 32000, 250), new Layer(22, 7, 3_000_000_000L, 5, 9)};
  final int[] epochs = {1, 1};
  long now;

  SimulcastSwitchTest() {
    sub.simulcast(new LayerSelector(0, 1), true);
  }

  void deliver(int layer, List<byte[]> packets, boolean keyframe) throws Exception {
    boolean first = true;
    for (byte[] b : packets) {
      RtpPacket in = RtpPacket.parse(b);
      if (sub.layers.accept(layer, keyframe && first)) {
        byte[] out = b.clone();
        assertTrue(sub.rewrite(out, 0, in.sequenceNumber(), in.timestamp(), SimulcastLayers.key(layer, epochs[layer]),
            now, false));
        sub.vp8.rewrite(out, in.payloadOffset(), in.payloadLength());
        sent.add(RtpPacket.parse(out));
      }
      first = false;
      now += 1_000_000;
    }
  }

  /** Both layers send a frame each 33 ms; the lower one first. */
  void frames(int count, boolean keyLow, boolean keyHigh) throws Exception {
    for (int i = 0; i < count; i++) {
      deliver(0, layers[0].frame(keyLow && i == 0, 2), keyLow && i == 0);
      deliver(1, layers[1].frame(keyHigh && i == 0, 3), keyHigh && i == 0);
      now += 30_000_000;
    }
  }

  @Test
  void switchesOnlyAtTheTargetsKeyframeAndTheOutputStaysContinuous() throws Exception {
    assertTrue(sub.layers.retarget(0));
    frames(3, false, false);
    assertTrue(sent.isEmpty(), "nothing before the first keyframe");
    frames(5, true, false);
    assertEquals(10, sent.size(), "layer 0 from its keyframe on");
    assertTrue(sub.layers.retarget(1));
    frames(4, false, false);
    assertEquals(18, sent.size(), "the old layer keeps flowing until the new one's keyframe");
    frames(4, false, true);
    assertEquals(1, sub.layers.current());
    assertTrue(sub.layers.retarget(0));
    frames(3, false, false);
    frames(2, true, false);
    assertEquals(0, sub.layers.current());
    assertEquals(3, sub.layers.switches());
    assertContinuous(sent);
  }

  @Test
  void aSenderReportReachesTheSubscriberOnlyForTheLayerItGets() throws Exception {
    sub.layers.retarget(0);
    frames(2, true, false);
    SenderReport low = new SenderReport(11, 5L << 32, layers[0].ts, 10, 1000, List.of());
    SenderReport high = new SenderReport(22, 5L << 32, layers[1].ts, 10, 1000, List.of());
    assertNotNull(sub.translate(low, SimulcastLayers.key(0, 1)));
    assertNull(sub.translate(high, SimulcastLayers.key(1, 1)));
  }

  @Test
  void aRestartOfTheCurrentLayerIsARebaseToo() throws Exception {
    sub.layers.retarget(1);
    frames(3, false, true);
    epochs[1] = 2;
    layers[1].seq = 1;
    layers[1].ts = 42;
    frames(3, false, true);
    assertContinuous(sent);
  }

  static void assertContinuous(List<RtpPacket> sent) throws Exception {
    int lastPicture = -1;
    int lastTl0 = -1;
    for (int i = 0; i < sent.size(); i++) {
      RtpPacket p = sent.get(i);
      assertEquals(0xb0b, p.ssrc());
      if (i > 0) {
        RtpPacket q = sent.get(i - 1);
        assertEquals((q.sequenceNumber() + 1) & 0xffff, p.sequenceNumber(), "sequence at " + i);
        long dt = (p.timestamp() - q.timestamp()) & 0xffffffffL;
        assertTrue(dt < 0x80000000L, "timestamp went back at " + i);
      }
      Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength());
      if (d.startsFrame()) {
        if (lastPicture >= 0) {
          assertEquals((lastPicture + 1) & 0x7fff, d.pictureId(), "picture id at " + i);
          assertEquals((lastTl0 + 1) & 0xff, d.tl0PicIdx(), "tl0picidx at " + i);
        }
        lastPicture = d.pictureId();
        lastTl0 = d.tl0PicIdx();
      } else {
        assertEquals(lastPicture, d.pictureId());
      }
    }
    assertFalse(sent.isEmpty());
  }
}
