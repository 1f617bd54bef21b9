package io.tapline.pipeline.rtp.ext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.testing.Fixtures;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void oneByteElementsWithPaddingBetweenAndAfter() throws Exception {
    // RFC 8285 4.2 example shape: id 1 len 1, padding byte, id 2 len 2, then padding to the word.
    byte[] data = hex("10 7f 00 21 ab cd 00 00");
    HeaderExtensions ext = HeaderExtensions.parse(data, 0xBEDE, 0, data.length);
    assertEquals(2, ext.count());
    assertFalse(ext.isTwoByte());
    assertEquals(1, ext.id(0));
    assertEquals(1, ext.offset(0));
    assertEquals(1, ext.length(0));
    assertEquals(2, ext.id(1));
    assertEquals(4, ext.offset(1));
    assertArrayEquals(hex("abcd"), ext.data(1));
    assertEquals(1, ext.find(2));
    assertEquals(-1, ext.find(3));
  }

  @Test
  void oneByteIdFifteenStopsParsing() throws Exception {
    // Section 4.2: id 15 is reserved; the rest of the block must be ignored, even garbage.
    byte[] data = hex("10 01 f0 ff ff ff ff ff");
    HeaderExtensions ext = HeaderExtensions.parse(data, 0xBEDE, 0, data.length);
    assertEquals(1, ext.count());
    assertEquals(1, ext.id(0));
  }

  @Test
  void oneByteIdZeroIsPaddingWhateverItsLengthBits() throws Exception {
    // Found by the fuzzer: 0x05 (ID 0, L=5) must not become an element with id 0.
    byte[] data = hex("05 10 2a 00");
    HeaderExtensions ext = HeaderExtensions.parse(data, 0xBEDE, 0, data.length);
    assertEquals(1, ext.count());
    assertEquals(1, ext.id(0));
    assertArrayEquals(hex("2a"), ext.data(0));
  }

  @Test
  void oneByteElementRunningPastTheBlockIsMalformed() {
    byte[] data = hex("13 01 02 03"); // id 1, L=3 means 4 bytes, only 3 left
    MalformedPacketException e =
        assertThrows(MalformedPacketException.class, () -> HeaderExtensions.parse(data, 0xBEDE, 0, 4));
    assertEquals("rtp.ext.overflow", e.reason());
  }

  @Test
  void twoByteElementsIncludingEmptyAndAppBits() throws Exception {
    // Section 4.3: id 1 L=0, id 2 L=1 data 0x55, padding byte, id 20 L=3.
    byte[] data = hex("01 00 02 01 55 00 14 03 aa bb cc 00");
    HeaderExtensions ext = HeaderExtensions.parse(data, 0x1003, 0, data.length);
    assertTrue(ext.isTwoByte());
    assertEquals(0x1003, ext.profile());
    assertEquals(3, ext.count());
    assertEquals(0, ext.length(0));
    assertArrayEquals(hex("55"), ext.data(1));
    assertEquals(20, ext.id(2));
    assertArrayEquals(hex("aabbcc"), ext.data(2));
  }

  @Test
  void twoByteMissingLengthOrShortDataIsMalformed() {
    assertThrows(MalformedPacketException.class, () -> HeaderExtensions.parse(hex("00 00 00 05"), 0x1000, 0, 4));
    assertThrows(MalformedPacketException.class, () -> HeaderExtensions.parse(hex("05 04 01 02"), 0x1000, 0, 4));
  }

  @Test
  void otherProfilesHaveNoElements() throws Exception {
    HeaderExtensions ext = HeaderExtensions.parse(hex("12 34 56 78"), 0xABAC, 0, 4);
    assertFalse(ext.isRfc8285());
    assertEquals(0, ext.count());
  }

  @Test
  void writerPicksOneByteWhenEverythingFits() throws Exception {
    List<HeaderExtension> elements =
        List.of(new HeaderExtension(1, hex("7f")), new HeaderExtension(3, hex("3ade")));
    byte[] out = new byte[HeaderExtensionWriter.blockLength(elements)];
    assertEquals(out.length, HeaderExtensionWriter.write(elements, out, 0));
    // The same bytes GStreamer wrote in rtp-ext-opus.pcap (level 0x0d there).
    assertArrayEquals(hex("bede 0002 107f 313a de000000"), out);
  }

  @Test
  void writerFallsBackToTwoByteForLongOrEmptyOrHighIds() throws Exception {
    for (HeaderExtension odd : List.of(new HeaderExtension(2, new byte[17]), new HeaderExtension(2, new byte[0]),
        new HeaderExtension(15, hex("01")), new HeaderExtension(200, hex("01")))) {
      List<HeaderExtension> elements = List.of(new HeaderExtension(1, hex("aa")), odd);
      byte[] out = new byte[HeaderExtensionWriter.blockLength(elements) + 3];
      int n = HeaderExtensionWriter.write(elements, out, 3);
      assertEquals(0x10, out[3]);
      assertEquals(0x00, out[4]);
      assertEquals(0, n % 4);
      HeaderExtensions back = HeaderExtensions.parse(out, 0x1000, 7, n - 4);
      assertEquals(2, back.count());
      assertEquals(odd.id(), back.id(1));
      assertArrayEquals(odd.data(), back.data(1));
    }
  }

  @Test
  void capturedGstreamerPacketsCarryAudioLevelAndTransportSequence() throws Exception {
    List<UdpDatagram> datagrams = Fixtures.datagrams("rtp-ext-opus.pcap");
    assertEquals(26, datagrams.size()); // 25 buffers, the encoder flushes one more
    int previousTransportSeq = -1;
    for (UdpDatagram d : datagrams) {
      RtpPacket p = RtpPacket.parse(d.payload());
      HeaderExtensions ext = p.headerExtensions();
      assertEquals(HeaderExtensions.ONE_BYTE_PROFILE, ext.profile());
      assertEquals(2, ext.count(), ext.toString());
      AudioLevel level = AudioLevel.find(ext, 1);
      // A 0.3-volume sine is about -13 dBov (tshark shows 0x0d); GStreamer sets no VAD flag.
      assertEquals(13, level.level());
      assertFalse(level.voiceActivity());
      int seq = TransportSequenceNumber.find(ext, 3);
      if (previousTransportSeq >= 0) {
        assertEquals((previousTransportSeq + 1) & 0xffff, seq);
      }
      previousTransportSeq = seq;
      assertNull(SdesExtension.find(ext, 4));
    }
  }
}
