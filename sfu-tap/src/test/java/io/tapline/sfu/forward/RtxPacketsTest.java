package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.sfu.testing.RtpBuilder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 4588 section 4: RTX header, OSN, original payload. */
class RtxPacketsTest {
  @Test
  void rtxHasItsOwnSsrcSeqAndPayloadTypeThenTheOsnAndThePayload() throws Exception {
    byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    byte[] original = new RtpBuilder().pt(96).seq(0xabcd).ts(123456789L).ssrc(0x11223344L).marker(true)
        .extension(3, new byte[] {9, 9, 9}).payload(payload).build();
    RtpPacket o = RtpPacket.parse(original);
    byte[] out = new byte[original.length + RtxPackets.OVERHEAD];

    int n = RtxPackets.wrap(original, original.length, o.payloadOffset(), out, 107, 0x0102, 0xcafebabeL);

    assertEquals(original.length + 2, n);
    RtpPacket rtx = RtpPacket.parse(out, 0, n);
    assertEquals(107, rtx.payloadType());
    assertEquals(0x0102, rtx.sequenceNumber());
    assertEquals(0xcafebabeL, rtx.ssrc());
    assertEquals(123456789L, rtx.timestamp(), "same timestamp as the original");
    assertTrue(rtx.marker(), "marker kept");
    assertEquals(o.extensionDataLength(), rtx.extensionDataLength(), "header extensions kept");
    byte[] rtxPayload = Arrays.copyOfRange(out, rtx.payloadOffset(), rtx.payloadOffset() + rtx.payloadLength());
    assertEquals(0xab, rtxPayload[0] & 0xff, "OSN high byte");
    assertEquals(0xcd, rtxPayload[1] & 0xff, "OSN low byte");
    assertArrayEquals(payload, Arrays.copyOfRange(rtxPayload, 2, rtxPayload.length));
  }

  @Test
  void paddingOfTheOriginalIsNotCarried() throws Exception {
    byte[] original = new RtpBuilder().pt(96).seq(7).ts(1).ssrc(2).payload(new byte[] {1, 2, 3, 0, 0, 3}).build();
    original[0] |= 0x20; // P: the last 3 octets are padding
    byte[] out = new byte[original.length + 2];

    int n = RtxPackets.wrap(original, original.length, 12, out, 100, 1, 5);

    assertEquals(12 + 2 + 3, n);
    RtpPacket rtx = RtpPacket.parse(out, 0, n);
    assertFalse(rtx.padding());
    assertArrayEquals(new byte[] {0, 7, 1, 2, 3}, Arrays.copyOfRange(out, 12, n));
  }
}
