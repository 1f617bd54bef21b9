package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.codec.Vp8PayloadDescriptor;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.Arrays;

/**
 * Fuzzes the in-place VP8 descriptor rewrite (RFC 7741 section 4.2) on payloads from a publisher:
 * it must never throw or read past the payload, and must leave the descriptor's layout (what the
 * pipeline's parser finds) and every byte after it unchanged. The first byte picks a rebase before
 * the payload. {@link Vp8PictureIds#shift} with the shifts in force restates the original exactly
 * as sent (what an RTX retransmission does). Seed corpus: {@code Vp8PictureIdsFuzzTestInputs/rewrite/} (15-bit and 7-bit picture
 * ids with TL0PICIDX, no extension byte, truncated descriptors).
 */
class Vp8PictureIdsFuzzTest {
  private final Vp8PictureIds ids = new Vp8PictureIds();

  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void rewrite(byte[] data) {
    if (data.length < 1) {
      return;
    }
    if ((data[0] & 1) != 0) {
      ids.rebase();
    }
    byte[] payload = Arrays.copyOfRange(data, 1, data.length);
    byte[] before = payload.clone();
    ids.rewrite(payload, 0, payload.length);
    byte[] restated = before.clone(); // a retransmission restates the original with the shifts in force
    Vp8PictureIds.shift(restated, 0, restated.length, ids.pidDelta(), ids.tl0Delta());
    assertArrayEquals(payload, restated, "a retransmission is restated as the packet was sent");
    ids.rewrite(payload, 0, payload.length); // twice: state after a rewrite stays consistent
    Vp8PayloadDescriptor was = parse(before);
    Vp8PayloadDescriptor now = parse(payload);
    if (was == null) {
      return;
    }
    assertEquals(was.length(), now.length(), "descriptor layout kept");
    assertEquals(was.pictureId() < 0, now.pictureId() < 0);
    assertEquals(was.tl0PicIdx() < 0, now.tl0PicIdx() < 0);
    assertArrayEquals(Arrays.copyOfRange(before, was.length(), before.length),
        Arrays.copyOfRange(payload, was.length(), payload.length), "the VP8 payload is untouched");
  }

  private static Vp8PayloadDescriptor parse(byte[] b) {
    try {
      return Vp8PayloadDescriptor.parse(b, 0, b.length);
    } catch (MalformedPacketException e) {
      return null;
    }
  }
}
