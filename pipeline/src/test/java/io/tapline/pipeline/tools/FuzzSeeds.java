package io.tapline.pipeline.tools;

import io.tapline.pipeline.pcap.PcapLinkType;
import io.tapline.pipeline.pcap.PcapWriter;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import io.tapline.pipeline.segment.SegmentWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes the committed seed corpora of the segment and pcap fuzz tests from the real capture:
 * {@code ./mvnw -B -q -pl pipeline test-compile exec:java -Dexec.mainClass=io.tapline.pipeline.tools.FuzzSeeds
 * -Dexec.classpathScope=test -Dexec.args=pipeline/src/test/resources} (from the repository root).
 */
public final class FuzzSeeds {
  private FuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path resources = Path.of(args[0]);
    Path tmp = Files.createTempDirectory("fuzz-seeds");
    segmentSeeds(resources.resolve("io/tapline/pipeline/segment/SegmentReaderFuzzTestInputs/readAnyBytes"), tmp);
    pcapSeeds(resources.resolve("io/tapline/pipeline/pcap/PcapReaderFuzzTestInputs/readAnyBytes"));
  }

  private static void segmentSeeds(Path out, Path tmp) throws IOException {
    Files.createDirectories(out);
    List<SegmentRecord> audio = SegmentReader.readAll(Fixtures.audioSegment(tmp)).records();
    List<SegmentRecord> video = SegmentReader.readAll(Fixtures.videoSegment(tmp)).records();
    byte[] opus = segment(Fixtures.audioHeader(), audio.subList(0, 12));
    byte[] vp8 = segment(Fixtures.videoHeader(), video.subList(0, 4));
    Files.write(out.resolve("opus-12-records.tseg"), opus);
    Files.write(out.resolve("vp8-4-records.tseg"), vp8);
    Files.write(out.resolve("header-only.tseg"), segment(Fixtures.videoHeader(), List.of()));
    Files.write(out.resolve("opus-cut-mid-record.tseg"), Arrays.copyOf(opus, opus.length - 40));
    Files.write(out.resolve("opus-cut-in-header.tseg"), Arrays.copyOf(opus, 60));
    byte[] flipped = opus.clone();
    flipped[flipped.length - 10] ^= 0x20;
    Files.write(out.resolve("opus-bad-crc.tseg"), flipped);
    byte[] version = opus.clone();
    version[7] = 2;
    Files.write(out.resolve("version-2.tseg"), version);
    Files.write(out.resolve("unknown-record-type.tseg"), withUnknownRecord(opus, (int) audio.get(1).fileOffset()));
  }

  private static byte[] segment(io.tapline.pipeline.segment.SegmentHeader h, List<SegmentRecord> records)
      throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (SegmentWriter w = SegmentWriter.to(b, h)) {
      for (SegmentRecord r : records) {
        w.append(r.type(), r.arrivalMicros(), r.data());
      }
    }
    return b.toByteArray();
  }

  /** Inserts a record of type 9 (unknown to version 1, so skipped) with a valid CRC at {@code at}. */
  private static byte[] withUnknownRecord(byte[] file, int at) {
    byte[] payload = {1, 2, 3, 4, 5};
    ByteBuffer r = ByteBuffer.allocate(16 + payload.length);
    r.put((byte) 9).put((byte) 0).putShort((short) payload.length).putLong(1_795_473_837_000_000L);
    CRC32C crc = new CRC32C();
    crc.update(r.array(), 0, 12);
    crc.update(payload);
    r.putInt((int) crc.getValue()).put(payload);
    byte[] out = new byte[file.length + r.capacity()];
    System.arraycopy(file, 0, out, 0, at);
    System.arraycopy(r.array(), 0, out, at, r.capacity());
    System.arraycopy(file, at, out, at + r.capacity(), file.length - at);
    return out;
  }

  private static void pcapSeeds(Path out) throws IOException {
    Files.createDirectories(out);
    byte[] capture = Files.readAllBytes(Fixtures.capture());
    // the capture's global header and first 6 frames (Ethernet, little-endian, microseconds)
    int end = 24;
    for (int i = 0; i < 6; i++) {
      int incl = ByteBuffer.wrap(capture, end + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      end += 16 + incl;
    }
    byte[] six = Arrays.copyOf(capture, end);
    Files.write(out.resolve("ethernet-6-frames.pcap"), six);
    Files.write(out.resolve("ethernet-cut-mid-frame.pcap"), Arrays.copyOf(six, six.length - 30));
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(raw, PcapLinkType.RAW_IPV4)) {
      w.write(new UdpDatagram(1_795_473_837_000_000L, "10.0.0.1", 5004, "10.0.0.2", 5004, new byte[] {(byte) 0x80, 96, 0, 1,
          0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 9, 9}));
      w.write(new UdpDatagram(1_795_473_837_020_000L, "10.0.0.1", 5005, "10.0.0.2", 5005, new byte[] {(byte) 0x80,
          (byte) 200, 0, 1, 0x11, 0x22, 0x33, 0x44}));
    }
    Files.write(out.resolve("raw-ipv4-big-endian.pcap"), raw.toByteArray());
    byte[] nanos = raw.toByteArray();
    nanos[2] = 0x3c; // a1b2 3c4d: nanosecond timestamps
    nanos[3] = 0x4d;
    Files.write(out.resolve("raw-ipv4-nanos.pcap"), nanos);
    Files.write(out.resolve("pcapng-magic.pcap"), new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x1a, 0x2b, 0x3c, 0x4d,
        0, 1, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 28});
  }
}
