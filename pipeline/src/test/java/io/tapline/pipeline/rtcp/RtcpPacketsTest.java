package io.tapline.pipeline.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte vectors laid out by hand from the RFC diagrams, and round trips. */
class RtcpPacketsTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static List<RtcpPacket> roundTrip(List<RtcpPacket> packets) throws MalformedPacketException {
    List<RtcpPacket> back = RtcpCompound.parse(RtcpCompound.toBytes(packets));
    assertEquals(packets, back);
    return back;
  }

  @Test
  void senderReportWithReportBlockKnownAnswer() throws Exception {
    // RFC 3550 6.4.1: RC=1, PT=200, length 12 words - 1 = 12 ... 28 + 24 = 52 bytes = 13 words.
    byte[] bytes = hex("81c8000c 11223344 e1b2c3d4 80000000 00015f90 0000000a 00000640"
        + "55667788 10fffffe 0001ffff 00000020 c3d48000 00010000");
    SenderReport sr = (SenderReport) RtcpCompound.parse(bytes).get(0);
    assertEquals(0x11223344L, sr.ssrc());
    assertEquals(0xe1b2c3d4_80000000L, sr.ntpTimestamp());
    assertEquals(90000, sr.rtpTimestamp());
    assertEquals(10, sr.packetCount());
    assertEquals(1600, sr.octetCount());
    ReportBlock b = sr.reports().get(0);
    assertEquals(0x55667788L, b.ssrc());
    assertEquals(16, b.fractionLost()); // 16/256 lost
    assertEquals(-2, b.cumulativeLost()); // signed 24-bit: duplicates
    assertEquals(0x0001ffffL, b.extendedHighestSequence());
    assertEquals(32, b.jitter());
    assertEquals(0xc3d48000L, b.lastSenderReport());
    assertEquals(0x00010000L, b.delaySinceLastSenderReport()); // 1 s
    assertArrayEquals(bytes, RtcpCompound.toBytes(List.of(sr)));
  }

  @Test
  void receiverReportSdesByeAppRoundTrip() throws Exception {
    List<RtcpPacket> packets = List.of(
        new ReceiverReport(7, List.of(new ReportBlock(8, 0, 100, 70000, 3, 0, 0))),
        new SourceDescription(List.of(
            new SdesChunk(7, List.of(SdesItem.text(SdesItem.CNAME, "abc"), SdesItem.text(SdesItem.TOOL, "tapline"))),
            new SdesChunk(9, List.of()))),
        Bye.of(List.of(7L, 9L), "done"),
        AppPacket.of(3, 7, "TPLN", new byte[] {1, 2, 3, 4}));
    List<RtcpPacket> back = roundTrip(packets);
    assertEquals("done", ((Bye) back.get(2)).reason());
    assertEquals("TPLN", ((AppPacket) back.get(3)).nameString());
  }

  @Test
  void sdesChunkLayoutKnownAnswer() throws Exception {
    // CNAME "ab": 01 02 61 62, then the null item and padding to the word boundary: 00 00 00 00.
    byte[] bytes = hex("81ca0003 00000007 01026162 00000000");
    SourceDescription sdes = (SourceDescription) RtcpCompound.parse(bytes).get(0);
    assertEquals("ab", sdes.chunks().get(0).item(SdesItem.CNAME).orElseThrow().text());
    assertArrayEquals(bytes, RtcpCompound.toBytes(List.of(sdes)));
  }

  @Test
  void byeWithoutReason() throws Exception {
    Bye bye = (Bye) RtcpCompound.parse(hex("81cb0001 12345678")).get(0);
    assertEquals(List.of(0x12345678L), bye.ssrcs());
    assertNull(bye.reason());
  }

  @Test
  void genericNackExpandsPidAndBlp() throws Exception {
    // RFC 4585 6.2.1: PID 65534, BLP 0b101 -> 65534, 65535, 1 (across the wrap).
    byte[] bytes = hex("81cd0003 00000001 00000002 fffe0005");
    GenericNack nack = (GenericNack) RtcpCompound.parse(bytes).get(0);
    assertEquals(List.of(65534, 65535, 1), nack.lostSequenceNumbers());
    assertArrayEquals(bytes, RtcpCompound.toBytes(List.of(nack)));
    GenericNack spread = new GenericNack(1, 2, List.of(10, 26, 27, 100));
    assertEquals(List.of(spread), RtcpCompound.parse(RtcpCompound.toBytes(List.of(spread))));
    assertEquals(12 + 4 * 3, spread.length()); // 10 carries 26 in BLP bit 15; 27 (17 away) and 100 start FCIs
  }

  @Test
  void pliFirRemb() throws Exception {
    byte[] pli = hex("81ce0002 00000001 00000002");
    assertEquals(new PictureLossIndication(1, 2), RtcpCompound.parse(pli).get(0));
    // RFC 5104 4.3.1: one FCI entry, SSRC 0x0a0b0c0d, seq nr 5.
    byte[] fir = hex("84ce0004 00000001 00000000 0a0b0c0d 05000000");
    FullIntraRequest f = (FullIntraRequest) RtcpCompound.parse(fir).get(0);
    assertEquals(List.of(new FullIntraRequest.Entry(0x0a0b0c0dL, 5)), f.entries());
    assertArrayEquals(fir, RtcpCompound.toBytes(List.of(f)));
    // REMB: 1 SSRC, exp 4, mantissa 0x3ffff -> 0x3ffff << 4 = 4194288 bps.
    byte[] remb = hex("8fce0005 00000001 00000000 52454d42 0113ffff 00001234");
    Remb r = (Remb) RtcpCompound.parse(remb).get(0);
    assertEquals(0x3ffffL << 4, r.bitrate());
    assertEquals(List.of(0x1234L), r.ssrcs());
    assertArrayEquals(remb, RtcpCompound.toBytes(List.of(r)));
    Remb rounded = new Remb(1, 0, 1_000_001, List.of());
    assertEquals(1_000_000, ((Remb) RtcpCompound.parse(RtcpCompound.toBytes(List.of(rounded))).get(0)).bitrate());
  }

  @Test
  void transportCcKnownAnswerWithAllChunkKinds() throws Exception {
    // 20 packets from base 100: 1-bit vector for the first 14 (received except #2),
    // then 2-bit vector for 6 (a large delta among them).
    int[] statuses = {1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 0, 1, 1};
    int[] deltas = {4, 4, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, -8, 4, 0, 4, 4};
    TransportCcFeedback t = new TransportCcFeedback(1, 2, 100, -3, 7, statuses, deltas);
    byte[] bytes = RtcpCompound.toBytes(List.of(t));
    // chunk 1: 1|0|11011111111111 = 0xb7ff; chunk 2: 1|1|01 10 01 00 01 01 00 = 0xd914
    assertEquals(0xb7, bytes[20] & 0xff);
    assertEquals(0xff, bytes[21] & 0xff);
    assertEquals(0xd9, bytes[22] & 0xff);
    assertEquals(0x14, bytes[23] & 0xff);
    assertEquals(0xff, bytes[16] & 0xff); // reference time -3, 24-bit two's complement
    assertEquals(0xfd, bytes[18] & 0xff);
    assertEquals(t, RtcpCompound.parse(bytes).get(0));
    // A long run becomes a run-length chunk: 0|01|0000000101100 (300 small deltas... 300 = 0x12c)
    int[] many = new int[300];
    Arrays.fill(many, 1);
    TransportCcFeedback run = new TransportCcFeedback(1, 2, 65500, 0, 0, many, new int[300]);
    byte[] runBytes = RtcpCompound.toBytes(List.of(run));
    assertEquals(0x21, runBytes[20] & 0xff);
    assertEquals(0x2c, runBytes[21] & 0xff);
    TransportCcFeedback back = (TransportCcFeedback) RtcpCompound.parse(runBytes).get(0);
    assertEquals(run, back);
    assertEquals((65500 + 299) & 0xffff, back.sequenceNumber(299));
  }

  @Test
  void transportCcReservedSymbolIsMalformed() {
    byte[] bytes = hex("8fcd0005 00000001 00000002 0000 0001 00000000 6001 0000"); // run of symbol 3
    assertEquals("rtcp.twcc.status",
        assertThrows(MalformedPacketException.class, () -> RtcpCompound.parse(bytes)).reason());
  }

  @Test
  void unknownTypesAndFormatsStayOpaque() throws Exception {
    byte[] bytes = hex("81cf0001 deadbeef 83cd0002 00000001 00000002 8fce0003 00000001 00000000 41424344");
    List<RtcpPacket> packets = RtcpCompound.parse(bytes);
    assertEquals(207, assertInstanceOf(OpaqueRtcpPacket.class, packets.get(0)).packetType()); // XR
    assertEquals(3, assertInstanceOf(OpaqueRtcpPacket.class, packets.get(1)).count()); // RTPFB FMT 3
    assertInstanceOf(OpaqueRtcpPacket.class, packets.get(2)); // AFB that is not REMB
    assertArrayEquals(bytes, RtcpCompound.toBytes(packets));
  }

  @Test
  void opaqueBodyOfOddLengthIsWrittenWithPadding() throws Exception {
    // Found by the fuzzer: an unknown packet whose padding left a 3-byte body.
    byte[] bytes = hex("a1cf0001 aabbcc01");
    OpaqueRtcpPacket p = (OpaqueRtcpPacket) RtcpCompound.parse(bytes).get(0);
    assertArrayEquals(hex("aabbcc"), p.body());
    assertArrayEquals(bytes, RtcpCompound.toBytes(List.of(p)));
  }

  @Test
  void paddingIsStripped() throws Exception {
    // BYE with P set: 4 bytes of padding, the last one counting them.
    Bye bye = (Bye) RtcpCompound.parse(hex("a1cb0002 12345678 00000004")).get(0);
    assertEquals(List.of(0x12345678L), bye.ssrcs());
    assertNull(bye.reason());
  }

  @Test
  void malformedCompoundsAreRejectedWithReasons() {
    assertReason("rtcp.length", "81c80006 00000001"); // claims 28 bytes
    assertReason("rtcp.truncated", "80c90001 00000001 80");
    assertReason("rtcp.version", "41c90001 00000001");
    assertReason("rtcp.truncated", "");
    assertReason("rtcp.padding", "a1cb0001 12345600"); // padding count 0
    assertReason("rtcp.padding", "a1cb0001 12345609"); // more padding than body
    assertReason("rtcp.rr.truncated", "82c90001 00000001"); // 2 report blocks promised
    assertReason("rtcp.sdes.truncated", "81ca0002 00000007 0105616263"); // item past the packet
    assertReason("rtcp.sdes.truncated", "81ca0002 00000007 01026162"); // no null item
    assertReason("rtcp.bye.truncated", "81cb0002 00000001 05616263"); // reason of 5, 3 bytes left
    assertReason("rtcp.fir.length", "84ce0003 00000001 00000000 0a0b0c0d");
    assertReason("rtcp.nack.truncated", "81cd0002 00000001 00000002");
  }

  private static void assertReason(String reason, String hex) {
    byte[] bytes = hex(hex);
    assertEquals(reason, assertThrows(MalformedPacketException.class, () -> RtcpCompound.parse(bytes)).reason(), hex);
  }

  @Test
  void demuxTellsApartStunDtlsRtpRtcp() {
    assertEquals(PacketDemux.Kind.STUN, PacketDemux.classify(hex("0001 0000"), 0, 4));
    assertEquals(PacketDemux.Kind.DTLS, PacketDemux.classify(hex("16fe fd00"), 0, 4));
    assertEquals(PacketDemux.Kind.RTCP, PacketDemux.classify(hex("81c9 0001 00000001"), 0, 8));
    assertEquals(PacketDemux.Kind.RTP, PacketDemux.classify(hex("80e0 0001 00000000 00000001"), 0, 12));
    assertEquals(PacketDemux.Kind.UNKNOWN, PacketDemux.classify(hex("ff"), 0, 1));
  }
}
