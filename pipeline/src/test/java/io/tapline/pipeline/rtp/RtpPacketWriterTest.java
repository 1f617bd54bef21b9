package io.tapline.pipeline.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.ext.AudioLevel;
import io.tapline.pipeline.rtp.ext.HeaderExtension;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;
import io.tapline.pipeline.rtp.ext.TransportSequenceNumber;
import io.tapline.pipeline.testing.Fixtures;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketWriterTest {
  @Test
  void minimalPacketMatchesTheRfcLayout() {
    byte[] out = new RtpPacketWriter().payloadType(96).sequenceNumber(0x1234).timestamp(0xdeadbeefL)
        .ssrc(0xcafebabeL).marker(true).payload(new byte[] {1, 2}).toBytes();
    assertArrayEquals(HexFormat.of().parseHex("80e01234deadbeefcafebabe0102"), out);
  }

  @Test
  void everythingRoundTripsThroughParse() throws Exception {
    byte[] payload = {9, 8, 7, 6, 5};
    RtpPacketWriter w = new RtpPacketWriter().payloadType(111).sequenceNumber(65535).timestamp(0xffffffffL)
        .ssrc(1).addCsrc(0x11111111L).addCsrc(0xffffffffL)
        .addExtension(new AudioLevel(true, 30).toExtension(1))
        .addExtension(TransportSequenceNumber.toExtension(3, 777))
        .payload(payload).padding(7);
    byte[] buf = new byte[w.length() + 10];
    int n = w.write(buf, 4);
    assertEquals(w.length(), n);
    RtpPacket p = RtpPacket.parse(buf, 4, n);
    assertEquals(111, p.payloadType());
    assertEquals(65535, p.sequenceNumber());
    assertEquals(0xffffffffL, p.timestamp());
    assertEquals(1, p.ssrc());
    assertEquals(2, p.csrcCount());
    assertEquals(0xffffffffL, p.csrc(1));
    assertFalse(p.marker());
    assertTrue(p.padding());
    assertEquals(7, p.paddingLength());
    assertArrayEquals(payload, p.payload());
    HeaderExtensions ext = p.headerExtensions();
    assertEquals(HeaderExtensions.ONE_BYTE_PROFILE, ext.profile());
    assertEquals(new AudioLevel(true, 30), AudioLevel.find(ext, 1));
    assertEquals(777, TransportSequenceNumber.find(ext, 3));
  }

  @Test
  void twoByteFormIsChosenForALongElement() throws Exception {
    byte[] big = new byte[40];
    Arrays.fill(big, (byte) 0x5a);
    byte[] out = new RtpPacketWriter().addExtension(new HeaderExtension(1, new byte[] {1}))
        .addExtension(new HeaderExtension(7, big)).toBytes();
    RtpPacket p = RtpPacket.parse(out);
    assertEquals(0x1000, p.extensionProfile());
    assertArrayEquals(big, p.headerExtensions().data(p.headerExtensions().find(7)));
    assertEquals(0, p.payloadLength());
  }

  @Test
  void rebuildingCapturedPacketsGivesTheSameBytes() throws Exception {
    // GStreamer's packets, taken apart and rebuilt field by field, must come out byte-identical.
    for (UdpDatagram d : Fixtures.datagrams("rtp-ext-opus.pcap")) {
      RtpPacket p = RtpPacket.parse(d.payload());
      HeaderExtensions ext = p.headerExtensions();
      RtpPacketWriter w = new RtpPacketWriter().payloadType(p.payloadType()).sequenceNumber(p.sequenceNumber())
          .timestamp(p.timestamp()).ssrc(p.ssrc()).marker(p.marker()).payload(p.payload());
      for (int i = 0; i < ext.count(); i++) {
        w.addExtension(new HeaderExtension(ext.id(i), ext.data(i)));
      }
      assertArrayEquals(d.payload(), w.toBytes());
    }
  }

  @Test
  void refusesWhatDoesNotFit() {
    RtpPacketWriter w = new RtpPacketWriter().payload(new byte[20]);
    assertThrows(IllegalArgumentException.class, () -> w.write(new byte[31], 0));
    assertThrows(IllegalArgumentException.class, () -> w.sequenceNumber(65536));
    assertThrows(IllegalArgumentException.class, () -> w.payloadType(128));
    assertThrows(IllegalArgumentException.class, () -> w.timestamp(1L << 32));
  }
}
