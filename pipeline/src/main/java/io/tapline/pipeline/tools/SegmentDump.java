package io.tapline.pipeline.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.SegmentHeader;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import io.tapline.pipeline.segment.SegmentTail;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment file as readable text: the header as JSON, one line per record, then how the file
 * ended. For example:
 *
 * <pre>
 * header {"trackId":"cam","kind":"video","codec":"VP8",...}
 *   offset  arrival (UTC)                     micros  type  details
 *      209  2026-11-23T22:43:59.801544Z  1795560239801544  RTP   pt=96 seq=17 ts=3050 ssrc=0x11223344 M len=1216 payload=1196 ext=[3]
 *     1441  2026-11-23T22:43:59.903001Z  1795560239903001  RTCP  len=88 packets=[SR, SDES]
 * tail clean: 123456 bytes, 98 records
 * </pre>
 *
 * Undecodable RTP or RTCP is shown with the reason rather than skipped: the dump is for debugging.
 */
public final class SegmentDump {
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper HEADER_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private SegmentDump() {}

  /** Dumps {@code segment} to {@code out}; returns the number of records. */
  public static long dump(Path segment, Appendable out) throws IOException {
    try (SegmentReader reader = SegmentReader.open(segment)) {
      return dump(reader, out);
    }
  }

  /** Dumps the remaining records of {@code reader} (header first) to {@code out}. */
  public static long dump(SegmentReader reader, Appendable out) throws IOException {
    return dump(reader, out, Long.MAX_VALUE);
  }

  /**
   * Dumps the header and at most {@code maxRecords} records. When the file holds more, the last
   * line says where the dump stopped instead of describing the tail (which is only known once
   * every record has been read).
   */
  public static long dump(SegmentReader reader, Appendable out, long maxRecords) throws IOException {
    if (maxRecords < 0) {
      throw new IllegalArgumentException("maxRecords must be >= 0: " + maxRecords);
    }
    SegmentHeader header = reader.header().orElse(null);
    out.append("header ").append(header == null ? "(cut inside the header)" : headerJson(header)).append('\n');
    out.append(String.format("%8s  %-27s  %16s  %-4s  %s%n", "offset", "arrival (UTC)", "micros", "type", "details"));
    long count = 0;
    for (SegmentRecord r = reader.next(); r != null; r = reader.next()) {
      if (count == maxRecords) {
        out.append("stopped after ").append(Long.toString(count)).append(" records (more follow at offset ")
            .append(Long.toString(r.fileOffset())).append(")\n");
        return count;
      }
      out.append(line(r)).append('\n');
      count++;
    }
    out.append(tailLine(reader.tail(), count)).append('\n');
    return count;
  }

  /** One record as a line of the dump. */
  public static String line(SegmentRecord r) {
    String details = switch (r.type()) {
      case RTP -> rtpDetails(r.data());
      case RTCP -> rtcpDetails(r.data());
    };
    return String.format("%8d  %-27s  %16d  %-4s  %s",
        r.fileOffset(), isoMicros(r.arrivalMicros()), r.arrivalMicros(), r.type(), details);
  }

  /** Epoch microseconds as an ISO-8601 UTC time with six fraction digits. */
  public static String isoMicros(long micros) {
    Instant t = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    return ISO_MICROS.format(t);
  }

  static String rtpDetails(byte[] data) {
    RtpPacket p;
    try {
      p = RtpPacket.parse(data);
    } catch (MalformedPacketException e) {
      return "malformed (" + e.getMessage() + ") len=" + data.length;
    }
    StringBuilder s = new StringBuilder();
    s.append("pt=").append(p.payloadType())
        .append(" seq=").append(p.sequenceNumber())
        .append(" ts=").append(p.timestamp())
        .append(" ssrc=0x").append(String.format("%08x", p.ssrc()))
        .append(p.marker() ? " M" : "")
        .append(" len=").append(data.length)
        .append(" payload=").append(p.payloadLength());
    if (p.hasExtension()) {
      s.append(" ext=").append(HeaderExtensionIds.describe(p));
    }
    return s.toString();
  }

  /**
   * The packet types of an RTCP compound packet (RFC 3550 section 6.1: each packet starts with
   * V=2, P, count/format, PT, and a 16-bit length in 32-bit words minus one).
   */
  static String rtcpDetails(byte[] data) {
    List<String> types = new ArrayList<>();
    String problem = null;
    int pos = 0;
    while (pos < data.length) {
      if (data.length - pos < 4) {
        problem = "truncated header at " + pos;
        break;
      }
      if ((data[pos] & 0xc0) != 0x80) {
        problem = "version " + ((data[pos] & 0xff) >>> 6) + " at " + pos;
        break;
      }
      int pt = data[pos + 1] & 0xff;
      int length = 4 * ((((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff)) + 1);
      types.add(rtcpTypeName(pt));
      if (pos + length > data.length) {
        problem = "length overflows at " + pos;
        break;
      }
      pos += length;
    }
    return "len=" + data.length + " packets=" + types + (problem == null ? "" : " malformed (" + problem + ")");
  }

  /** RFC 3550 section 12.1, RFC 4585 section 6.1, RFC 3611 section 2. */
  static String rtcpTypeName(int pt) {
    return switch (pt) {
      case 200 -> "SR";
      case 201 -> "RR";
      case 202 -> "SDES";
      case 203 -> "BYE";
      case 204 -> "APP";
      case 205 -> "RTPFB";
      case 206 -> "PSFB";
      case 207 -> "XR";
      default -> "PT" + pt;
    };
  }

  static String tailLine(SegmentTail tail, long records) {
    if (tail == null) {
      return "tail unknown";
    }
    if (tail.clean()) {
      return "tail clean: " + tail.validBytes() + " bytes, " + records + " records";
    }
    return "tail damaged (" + tail.reason() + "): " + tail.validBytes() + " bytes valid, "
        + tail.damagedBytes() + " bytes after the last complete record, " + records + " records";
  }

  private static String headerJson(SegmentHeader h) {
    try {
      return HEADER_JSON.writeValueAsString(h);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a record we built ourselves always serializes
    }
  }

  /** {@code SegmentDump file.tseg...}: dumps each file to standard output. */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: SegmentDump SEGMENT.tseg...");
      System.exit(2);
    }
    PrintStream out = System.out;
    for (String a : args) {
      out.println("# " + a);
      dump(Path.of(a), out);
    }
    out.flush();
  }
}
