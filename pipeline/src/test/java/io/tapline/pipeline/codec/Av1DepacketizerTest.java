package io.tapline.pipeline.codec;

import static io.tapline.pipeline.codec.Vp8DepacketizerTest.keyIndexes;
import static io.tapline.pipeline.codec.Vp8DepacketizerTest.withoutMarker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.RtpPacketWriter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Av1DepacketizerTest {
  private static final String CAPTURE = "av1-ffmpeg8-320x240-30f.pcap";
  private static final List<Integer> KEY_FRAMES = List.of(0, 10, 20);

  @Test
  void ffmpegCaptureGivesEveryTemporalUnitWithKeyframesAndSize() throws Exception {
    CapturedStream s = CapturedStream.load(CAPTURE);
    Av1Depacketizer d = new Av1Depacketizer();
    List<Frame> frames = s.feed(d);
    assertEquals(30, frames.size());
    assertEquals(KEY_FRAMES, keyIndexes(frames));
    for (Frame f : frames) {
      assertEquals(320, f.width(), f.toString());
      assertEquals(240, f.height(), f.toString());
      List<int[]> obus = obus(f.data()); // throws unless every OBU has a size that fits
      assertTrue(obus.stream().noneMatch(o -> o[0] == Av1Obus.OBU_TEMPORAL_DELIMITER), f.toString());
      assertEquals(f.keyframe(), obus.get(0)[0] == Av1Obus.OBU_SEQUENCE_HEADER, f.toString());
    }
    assertEquals(0, d.drops().total(), d.drops().toString());
    assertEquals(KEY_FRAMES.size(), s.packets().stream().filter(Av1Depacketizer::isKeyframeStart).count());
    assertFalse(d.needsKeyframe());
  }

  @Test
  void sequenceHeaderOfTheCaptureSaysMainProfileAndTheSize() throws Exception {
    Frame key = CapturedStream.load(CAPTURE).feed(new Av1Depacketizer()).get(0);
    byte[] sh = Av1Obus.sequenceHeaderObu(key.data());
    assertNotNull(sh);
    assertEquals(0x0a, sh[0], "sequence header with obu_has_size_field");
    int sizeLength = 1; // under 128 bytes
    Av1SequenceHeader seq = Av1SequenceHeader.parse(sh, 1 + sizeLength, sh.length - 1 - sizeLength);
    assertEquals(0, seq.profile());
    assertFalse(seq.reducedStillPictureHeader());
    assertEquals(320, seq.maxWidth());
    assertEquals(240, seq.maxHeight());
  }

  @Test
  void reducedStillPictureSequenceHeader() throws Exception {
    // seq_profile 0, still_picture 1, reduced 1, seq_level_idx 0, 3-bit sizes, 8x8 (section 5.5.1)
    Av1SequenceHeader seq = Av1SequenceHeader.parse(new byte[] {0x18, 0x08, (byte) 0xbf, (byte) 0x80}, 0, 4);
    assertTrue(seq.reducedStillPictureHeader());
    assertEquals(8, seq.maxWidth());
    assertEquals(8, seq.maxHeight());
    MalformedPacketException e = assertThrows(MalformedPacketException.class,
        () -> Av1SequenceHeader.parse(new byte[] {0x18, 0x08}, 0, 2));
    assertEquals("av1.sequence_header_truncated", e.reason());
  }

  @Test
  void lossDropsTheDamagedUnitAndSkipsDeltasUntilTheNextKeyframe() throws Exception {
    CapturedStream s = CapturedStream.load(CAPTURE);
    Av1Depacketizer d = new Av1Depacketizer();
    List<Frame> out = s.without(i -> i == 2).feed(d); // a middle fragment of key frame 0
    assertEquals(20, out.size());
    assertEquals(List.of(0, 10), keyIndexes(out));
    assertEquals(1, d.drops().get("av1.frame_incomplete"));
    assertEquals(9, d.drops().get("av1.awaiting_keyframe"));
    assertFalse(d.needsKeyframe());
  }

  @Test
  void joiningAfterTheFirstPacketOfAKeyframeWaitsForTheNextOne() throws Exception {
    CapturedStream s = CapturedStream.load(CAPTURE);
    Av1Depacketizer d = new Av1Depacketizer();
    List<Frame> out = s.without(i -> i == 0).feed(d); // Z=1 on what is left of key frame 0
    assertEquals(20, out.size());
    assertTrue(out.get(0).keyframe());
    assertTrue(d.drops().get("av1.no_frame_start") > 0, d.drops().toString());
  }

  @Test
  void duplicatesAndMissingMarkersAreHandled() throws Exception {
    CapturedStream s = CapturedStream.load(CAPTURE);
    List<Frame> reference = s.feed(new Av1Depacketizer());
    Av1Depacketizer d = new Av1Depacketizer();
    List<Frame> out = new ArrayList<>();
    for (RtpPacket packet : s.packets()) {
      RtpPacket p = withoutMarker(packet);
      d.push(p, 0, out);
      d.push(p, 0, out);
    }
    d.flush(out);
    assertEquals(29, out.size(), "the last unit has no marker and no next timestamp: unterminated");
    for (int i = 0; i < out.size(); i++) {
      assertArrayEquals(reference.get(i).data(), out.get(i).data(), "unit " + i);
    }
    assertEquals(s.packets().size(), d.drops().get("av1.duplicate"));
    assertEquals(1, d.drops().get("av1.frame_unterminated"));
  }

  /**
   * The captured units packetized again in other legal ways (section 4.5: length fields on every
   * element, tiny packets fragmenting every OBU, OBUs keeping their obu_size, a temporal delimiter
   * and a tile list to ignore) give back exactly the same bitstream.
   */
  @Test
  void otherLegalPacketizationsGiveTheSameBitstream() throws Exception {
    List<Frame> reference = CapturedStream.load(CAPTURE).feed(new Av1Depacketizer());
    for (Packetizer p : List.of(new Packetizer(1200, true, false, false), new Packetizer(37, false, false, false),
        new Packetizer(60, true, true, true), new Packetizer(500, false, true, true))) {
      Av1Depacketizer d = new Av1Depacketizer();
      List<Frame> out = new ArrayList<>();
      for (Frame f : reference) {
        for (RtpPacket packet : p.packetize(f)) {
          d.push(packet, 0, out);
        }
      }
      assertEquals(reference.size(), out.size(), p.toString());
      for (int i = 0; i < out.size(); i++) {
        assertArrayEquals(reference.get(i).data(), out.get(i).data(), p + " unit " + i);
        assertEquals(reference.get(i).keyframe(), out.get(i).keyframe(), p + " unit " + i);
      }
      assertEquals(0, d.drops().total(), p + " " + d.drops());
    }
  }

  @Test
  void keyframeDetectionWithoutTheNBitReadsTheFrameHeader() throws Exception {
    CapturedStream s = CapturedStream.load(CAPTURE);
    List<RtpPacket> starts = s.packets().stream().filter(Av1Depacketizer::isKeyframeStart).toList();
    for (RtpPacket p : starts) {
      byte[] b = p.toBytes();
      b[p.payloadOffset()] &= ~0x08; // clear N
      assertTrue(Av1Depacketizer.isKeyframeStart(RtpPacket.parse(b)), "SH + KEY_FRAME header in the packet");
    }
    // a delta unit's first packet is no keyframe start, with or without N
    RtpPacket delta = s.packets().get(s.indexOfSequence(starts.get(0).sequenceNumber()) + 12);
    assertFalse(Av1Depacketizer.isKeyframeStart(delta));
  }

  @Test
  void malformedPayloadsAreRejectedWithAReason() throws Exception {
    assertReason("av1.truncated", 0, new byte[] {0x10});
    assertReason("av1.aggregation_header", 0, new byte[] {(byte) 0x88, 0x30, 0});
    assertReason("av1.element_length", 0, new byte[] {0x00, 0x05, 0x30, 0});
    assertReason("av1.leb128", 0, new byte[] {0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
    // lengths of 2^32 - 1 (the largest leb128 allowed) fit no packet
    assertReason("av1.element_length", 0, new byte[] {0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x30});
    assertReason("av1.obu_size", 0, new byte[] {0x10, 0x32, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0});
    assertReason("av1.element_count", 0, new byte[] {0x30, 0x02, 0x30, 0x00});
    assertReason("av1.empty_element", 0, new byte[] {0x00, 0x00, 0x02, 0x30, 0});
    assertReason("av1.obu_forbidden_bit", 0, new byte[] {0x10, (byte) 0xb0, 0});
    assertReason("av1.obu_size", 0, new byte[] {0x10, 0x32, 0x05, 0, 0});
    assertReason("av1.obu_truncated", 0, new byte[] {0x10, 0x34});
    // Z=1 on a unit's first packet: the start was lost, not a parse error
    Av1Depacketizer d = new Av1Depacketizer();
    d.push(packet(1, 100, false, new byte[] {(byte) 0x90, 0x30, 0}), 0, new ArrayList<>());
    assertEquals(1, d.drops().get("av1.no_frame_start"));
    // Y=1, then a packet of the same unit with Z=0
    Av1Depacketizer e = new Av1Depacketizer();
    e.push(packet(1, 100, false, new byte[] {0x50, 0x30, 0}), 0, new ArrayList<>());
    MalformedPacketException x = assertThrows(MalformedPacketException.class,
        () -> e.push(packet(2, 100, true, new byte[] {0x10, 0x30, 0}), 0, new ArrayList<>()));
    assertEquals("av1.fragment_unterminated", x.reason());
  }

  private static void assertReason(String reason, int seq, byte[] payload) throws Exception {
    Av1Depacketizer d = new Av1Depacketizer();
    MalformedPacketException e = assertThrows(MalformedPacketException.class,
        () -> d.push(packet(seq, 100, true, payload), 0, new ArrayList<>()));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(d.needsKeyframe());
  }

  private static RtpPacket packet(int seq, long ts, boolean marker, byte[] payload) throws MalformedPacketException {
    return RtpPacket.parse(new RtpPacketWriter().payloadType(96).sequenceNumber(seq).timestamp(ts).ssrc(0x1234)
        .marker(marker).payload(payload).toBytes());
  }

  /** {type, payload length} of each OBU of a low-overhead temporal unit; fails unless every OBU has a size. */
  static List<int[]> obus(byte[] unit) throws MalformedPacketException {
    List<int[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < unit.length) {
      int h = unit[pos] & 0xff;
      assertTrue(Av1Obus.hasSizeField(h), "obu_has_size_field at " + pos);
      int hl = Av1Obus.hasExtension(h) ? 2 : 1;
      long read = Av1Obus.readLeb128(unit, pos + hl, unit.length, "test");
      long end = (long) pos + hl + Av1Obus.leb128Length(read) + Av1Obus.leb128Value(read);
      assertTrue(end <= unit.length, "OBU overruns the unit");
      out.add(new int[] {Av1Obus.type(h), (int) Av1Obus.leb128Value(read)});
      pos = (int) end;
    }
    return out;
  }

  /**
   * A test packetizer (spec section 4.5): splits each unit into OBUs, optionally strips their
   * size fields, prefixes a temporal delimiter and appends a tile list (both to be ignored), and
   * fills packets of at most {@code mtu} payload bytes, fragmenting OBUs across packets.
   */
  private record Packetizer(int mtu, boolean lengthOnEveryElement, boolean keepSizes, boolean extraObus) {
    private static int seq;

    List<RtpPacket> packetize(Frame f) throws MalformedPacketException {
      List<byte[]> elements = new ArrayList<>();
      if (extraObus) {
        elements.add(keepSizes ? new byte[] {0x12, 0x00} : new byte[] {0x10});
      }
      int pos = 0;
      byte[] u = f.data();
      for (int[] o : obus(u)) {
        int h = u[pos] & 0xff;
        int hl = Av1Obus.hasExtension(h) ? 2 : 1;
        int sizeLength = Av1Obus.leb128Length(Av1Obus.readLeb128(u, pos + hl, u.length, "test"));
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        if (keepSizes) {
          e.write(u, pos, hl + sizeLength + o[1]);
        } else {
          e.write(h & ~0x02);
          e.write(u, pos + 1, hl - 1);
          e.write(u, pos + hl + sizeLength, o[1]);
        }
        elements.add(e.toByteArray());
        pos += hl + sizeLength + o[1];
      }
      if (extraObus) {
        elements.add(new byte[] {0x40, 1, 2, 3}); // OBU_TILE_LIST without size
      }
      List<byte[]> payloads = new ArrayList<>();
      ByteArrayOutputStream cur = new ByteArrayOutputStream();
      int count = 0;
      boolean z = false; // the current packet opens with the rest of an OBU
      for (byte[] e : elements) {
        int off = 0;
        while (off < e.length) {
          int room = mtu - 1 - cur.size() - 2; // 2 bytes of length field at most here
          if (room <= 0) { // full at an element boundary: no fragment either side
            payloads.add(finish(cur, count, z, false));
            cur = new ByteArrayOutputStream();
            count = 0;
            z = false;
            continue;
          }
          int take = Math.min(room, e.length - off);
          writeLeb(cur, take);
          cur.write(e, off, take);
          count++;
          off += take;
          if (off < e.length) {
            payloads.add(finish(cur, count, z, true));
            cur = new ByteArrayOutputStream();
            count = 0;
            z = true;
          }
        }
      }
      payloads.add(finish(cur, count, z, false));
      List<RtpPacket> out = new ArrayList<>();
      for (int i = 0; i < payloads.size(); i++) {
        out.add(packet(seq++ & 0xffff, f.rtpTimestamp(), i == payloads.size() - 1, payloads.get(i)));
      }
      return out;
    }

    /** Aggregation header + elements; with W (1-3 elements) the last element loses its length. */
    private byte[] finish(ByteArrayOutputStream elements, int count, boolean z, boolean y) {
      byte[] body = elements.toByteArray();
      boolean useW = !lengthOnEveryElement && count <= 3;
      ByteArrayOutputStream p = new ByteArrayOutputStream();
      p.write((z ? 0x80 : 0) | (y ? 0x40 : 0) | (useW ? count << 4 : 0));
      if (!useW) {
        p.write(body, 0, body.length);
        return p.toByteArray();
      }
      // rewrite: drop the length field of the last element
      int pos = 0;
      for (int i = 0; i < count; i++) {
        int len = 0;
        int shift = 0;
        int start = pos;
        while (true) {
          int b = body[pos++] & 0xff;
          len |= (b & 0x7f) << shift;
          shift += 7;
          if ((b & 0x80) == 0) {
            break;
          }
        }
        if (i < count - 1) {
          p.write(body, start, pos - start);
        }
        p.write(body, pos, len);
        pos += len;
      }
      return p.toByteArray();
    }

    private static void writeLeb(ByteArrayOutputStream out, int v) {
      do {
        int b = v & 0x7f;
        v >>>= 7;
        out.write(v != 0 ? b | 0x80 : b);
      } while (v != 0);
    }
  }
}
