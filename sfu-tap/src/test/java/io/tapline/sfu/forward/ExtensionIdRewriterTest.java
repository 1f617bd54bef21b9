package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.RtpPacketWriter;
import io.tapline.pipeline.rtp.ext.AbsSendTime;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.pipeline.rtp.ext.HeaderExtension;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;
import io.tapline.pipeline.rtp.ext.SdesExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renumbering a forwarded packet's header extension ids to the subscriber connection's. */
class ExtensionIdRewriterTest {
  // aiortc's audio section: 1 = mid, 2 = audio level; the subscribe connection: audio level 1, abs-send-time 3.
  private static final Map<Integer, String> PUBLISHER = Map.of(1, ExtensionMap.MID, 2, ExtensionMap.AUDIO_LEVEL);
  private static final Map<String, Integer> SUBSCRIBER = Map.of(ExtensionMap.AUDIO_LEVEL, 1,
      ExtensionMap.ABS_SEND_TIME, 3);

  @Test
  void oneByteElementsAreRenumberedAndUndeclaredOnesMovedOutOfTheWay() throws Exception {
    byte[] p = new RtpPacketWriter().payloadType(111).sequenceNumber(7).timestamp(960).ssrc(42)
        .addExtension(SdesExtension.toExtension(1, "0")).addExtension(new HeaderExtension(2, new byte[] {(byte) 0x9e}))
        .payload(new byte[] {5, 6, 7}).toBytes();
    byte[] before = p.clone();
    ExtensionIdRewriter.of(PUBLISHER, SUBSCRIBER).rewrite(p, 0, p.length);
    HeaderExtensions ext = extensions(p);
    assertEquals(2, ext.count());
    assertEquals(ExtensionIdRewriter.UNDECLARED, ext.id(0), "the publisher's mid means nothing here");
    assertEquals(1, ext.id(1), "audio level at the subscriber's id");
    assertEquals((byte) 0x9e, p[ext.offset(1)]);
    assertEquals(before.length, p.length);
    // Only id nibbles changed: payload and lengths are untouched.
    assertArrayEquals(java.util.Arrays.copyOfRange(before, p.length - 3, p.length),
        java.util.Arrays.copyOfRange(p, p.length - 3, p.length));
  }

  @Test
  void twoByteElementsAreRenumberedToo() throws Exception {
    byte[] big = new byte[20]; // longer than 16 bytes: the writer picks the two-byte form
    byte[] p = new RtpPacketWriter().payloadType(96).sequenceNumber(1).timestamp(1).ssrc(1)
        .addExtension(new HeaderExtension(1, big)).addExtension(AbsSendTime.toExtension(2, 77))
        .payload(new byte[] {1}).toBytes();
    ExtensionIdRewriter.of(Map.of(1, ExtensionMap.MID, 2, ExtensionMap.ABS_SEND_TIME), SUBSCRIBER)
        .rewrite(p, 0, p.length);
    HeaderExtensions ext = extensions(p);
    assertEquals(ExtensionIdRewriter.UNDECLARED, ext.id(0));
    assertEquals(3, ext.id(1));
    assertEquals(77, AbsSendTime.read(p, ext.offset(1), ext.length(1)));
  }

  @Test
  void plainRtpKeepsThePublishersIdsAndBadDeclarationsAreRefused() {
    assertNull(ExtensionIdRewriter.of(PUBLISHER, null));
    assertThrows(IllegalArgumentException.class,
        () -> ExtensionIdRewriter.of(PUBLISHER, Map.of(ExtensionMap.AUDIO_LEVEL, ExtensionIdRewriter.UNDECLARED)));
    byte[] noExtension = new RtpPacketWriter().payloadType(96).sequenceNumber(1).timestamp(1).ssrc(1)
        .payload(new byte[] {1}).toBytes();
    byte[] copy = noExtension.clone();
    ExtensionIdRewriter.of(PUBLISHER, SUBSCRIBER).rewrite(noExtension, 0, noExtension.length);
    assertArrayEquals(copy, noExtension);
  }

  private static HeaderExtensions extensions(byte[] p) throws Exception {
    RtpPacket r = RtpPacket.parse(p, 0, p.length);
    return HeaderExtensions.parse(p, r.extensionProfile(), r.extensionDataOffset(), r.extensionDataLength());
  }
}
