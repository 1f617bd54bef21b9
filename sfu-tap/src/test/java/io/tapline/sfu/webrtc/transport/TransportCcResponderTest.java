package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtcp.RtcpPacket;
import io.tapline.pipeline.rtcp.TransportCcFeedback;
import io.tapline.sfu.testing.RtpBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feedback written by the responder, read back with the pipeline's parser (draft-holmer-...-01 section 3.1). */
class TransportCcResponderTest {
  static final int ID = 3;
  final TransportCcResponder responder = new TransportCcResponder(0x5f0);

  byte[] packet(int transportSeq) {
    return new RtpBuilder().seq(transportSeq).ssrc(0x1234)
        .extension(ID, new byte[] {(byte) (transportSeq >>> 8), (byte) transportSeq}).build();
  }

  TransportCcFeedback roundTrip(TransportCcFeedback fb) throws Exception {
    byte[] b = new byte[fb.length()];
    fb.writeTo(b, 0);
    List<RtcpPacket> parsed = RtcpCompound.parse(b, 0, b.length);
    assertEquals(1, parsed.size());
    return (TransportCcFeedback) parsed.get(0);
  }

  @Test
  void reportsArrivalsAndLossesSinceTheLastFeedback() throws Exception {
    responder.extensionId(ID);
    long t0 = 10_000_000_000L;
    int[] arrivedSeqs = {65534, 65535, 1, 2}; // 0 lost, across the wrap
    for (int i = 0; i < arrivedSeqs.length; i++) {
      byte[] p = packet(arrivedSeqs[i]);
      responder.received(p, p.length, t0 + i * 5_000_000L);
    }
    TransportCcFeedback fb = roundTrip(responder.poll(t0 + 60_000_000L));
    assertEquals(65534, fb.baseSequenceNumber());
    assertEquals(5, fb.packetCount());
    assertEquals(TransportCcFeedback.NOT_RECEIVED, fb.status(2));
    long[] times = fb.receiveTimesMicros();
    assertEquals(5_000, times[1] - times[0], 250);
    assertEquals(15_000, times[4] - times[0], 250);
    assertEquals(0x1234, fb.mediaSsrc());
    assertEquals(0x5f0, fb.senderSsrc());

    assertNull(responder.poll(t0 + 200_000_000L), "nothing new");
    byte[] p = packet(5); // 3 and 4 lost: the next feedback starts after the last one
    responder.received(p, p.length, t0 + 210_000_000L);
    TransportCcFeedback next = roundTrip(responder.poll(t0 + 220_000_000L));
    assertEquals(3, next.baseSequenceNumber());
    assertEquals(3, next.packetCount());
    assertEquals(1, next.feedbackCount());
  }

  @Test
  void packetsWithoutTheExtensionOrBeforeItIsKnownAreIgnored() {
    byte[] p = packet(7);
    responder.received(p, p.length, 0);
    assertNull(responder.poll(1_000_000_000L));
    responder.extensionId(ID);
    byte[] plain = new RtpBuilder().seq(1).build();
    responder.received(plain, plain.length, 0);
    assertNull(responder.poll(2_000_000_000L));
    responder.received(p, p.length, 0);
    assertNotNull(responder.poll(3_000_000_000L));
  }
}
