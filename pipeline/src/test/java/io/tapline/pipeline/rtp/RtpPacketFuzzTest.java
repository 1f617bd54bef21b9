package io.tapline.pipeline.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.ext.HeaderExtension;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;

/**
 * Fuzzes {@link RtpPacket#parse} and {@link RtpPacket#headerExtensions()}: nothing but {@link
 * MalformedPacketException} may escape, and a parsed packet rebuilt with {@link RtpPacketWriter}
 * parses back to the same fields. Seed corpus: {@code RtpPacketFuzzTestInputs/parse/}.
 */
class RtpPacketFuzzTest {
  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void parse(byte[] data) {
    RtpPacket p;
    HeaderExtensions ext;
    try {
      p = RtpPacket.parse(data);
      ext = p.headerExtensions();
    } catch (MalformedPacketException e) {
      return;
    }
    assertEquals(data.length, p.headerLength() + p.payloadLength() + p.paddingLength());
    RtpPacketWriter w = new RtpPacketWriter().payloadType(p.payloadType()).sequenceNumber(p.sequenceNumber())
        .timestamp(p.timestamp()).ssrc(p.ssrc()).marker(p.marker()).payload(p.payload()).padding(p.paddingLength());
    for (int i = 0; i < p.csrcCount(); i++) {
      w.addCsrc(p.csrc(i));
    }
    for (int i = 0; i < ext.count(); i++) {
      w.addExtension(new HeaderExtension(ext.id(i), ext.data(i)));
    }
    RtpPacket back;
    HeaderExtensions backExt;
    try {
      back = RtpPacket.parse(w.toBytes());
      backExt = back.headerExtensions();
    } catch (MalformedPacketException e) {
      throw new AssertionError("writer produced an unparseable packet: " + e.getMessage(), e);
    }
    assertEquals(p.payloadType(), back.payloadType());
    assertEquals(p.sequenceNumber(), back.sequenceNumber());
    assertEquals(p.timestamp(), back.timestamp());
    assertEquals(p.ssrc(), back.ssrc());
    assertEquals(p.marker(), back.marker());
    assertEquals(p.csrcCount(), back.csrcCount());
    assertEquals(p.paddingLength(), back.paddingLength());
    assertArrayEquals(p.payload(), back.payload());
    assertEquals(ext.count(), backExt.count());
    for (int i = 0; i < ext.count(); i++) {
      assertEquals(ext.id(i), backExt.id(i));
      assertArrayEquals(ext.data(i), backExt.data(i));
    }
  }
}
