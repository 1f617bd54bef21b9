package io.tapline.pipeline.tools;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentHeader;
import io.tapline.pipeline.segment.SegmentWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one RTP stream of a capture (with its RTCP) into a segment file, like Janus's
 * {@code pcap2mjr}: datagrams are selected by UDP destination port and/or SSRC, split into RTP and
 * RTCP by the RFC 5761 section 4 rule ({@link RtpPacket#looksLikeRtp}), and written with their
 * capture times as arrival times. The caller gives what a capture cannot tell (codec, payload type,
 * clock rate, track); the SSRC in the header is the stream's.
 *
 * <p>Without an SSRC in the selection, the first RTP packet's SSRC is the stream's. RTCP is kept
 * when its first packet's SSRC field (the sender of an SR, RR, SDES, BYE, APP or feedback packet,
 * RFC 3550 section 6.4 and RFC 4585 section 6.1) is the stream's. Everything else the selected
 * ports carry is counted in {@link Result#drops()}.
 */
public final class PcapImport {
  private PcapImport() {}

  /**
   * Which datagrams make the stream.
   *
   * @param destinationPorts UDP destination ports to take, empty for any
   * @param ssrc the stream's SSRC, or null to take the first RTP packet's
   */
  public record Selection(Set<Integer> destinationPorts, Long ssrc) {
    public Selection {
      destinationPorts = destinationPorts == null ? Set.of() : Set.copyOf(destinationPorts);
    }

    public static Selection any() {
      return new Selection(Set.of(), null);
    }

    public static Selection ports(Integer... ports) {
      return new Selection(Set.of(ports), null);
    }

    public Selection withSsrc(long s) {
      return new Selection(destinationPorts, s);
    }

    boolean takesPort(int port) {
      return destinationPorts.isEmpty() || destinationPorts.contains(port);
    }
  }

  /**
   * What was imported.
   *
   * @param ssrc the stream's SSRC ({@code -1} when no RTP packet was selected)
   * @param drops datagrams of the selected ports that were left out, by reason (including the
   *     capture's own, {@code pcap.*})
   */
  public record Result(SegmentHeader header, long ssrc, long rtpPackets, long rtcpPackets, Map<String, Long> drops) {}

  /** Imports into a new segment file (never overwrites one). */
  public static Result importSegment(Path pcap, Selection selection, SegmentHeader header, Path segment)
      throws IOException {
    Objects.requireNonNull(selection, "selection");
    DropCounters drops = new DropCounters();
    Map<String, Long> dropped = new TreeMap<>();
    List<UdpDatagram> datagrams = new ArrayList<>();
    try (PcapReader reader = PcapReader.open(pcap)) {
      for (UdpDatagram d = reader.next(); d != null; d = reader.next()) {
        if (selection.takesPort(d.destinationPort())) {
          datagrams.add(d);
        }
      }
      dropped.putAll(reader.drops().snapshot());
      if (reader.truncated()) {
        dropped.put("pcap.truncated", 1L);
      }
    }
    long ssrc = selection.ssrc() != null ? selection.ssrc() : firstRtpSsrc(datagrams);
    SegmentHeader h = withSsrc(header, ssrc < 0 ? header.ssrc() : ssrc);
    long rtp = 0;
    long rtcp = 0;
    try (SegmentWriter w = SegmentWriter.create(segment, h)) {
      for (UdpDatagram d : datagrams) {
        byte[] p = d.payload();
        try {
          RecordType type = classify(p, ssrc);
          w.append(type, d.timeMicros(), p);
          if (type == RecordType.RTP) {
            rtp++;
          } else {
            rtcp++;
          }
        } catch (MalformedPacketException e) {
          drops.count(e);
        }
      }
      h = w.header();
    }
    drops.snapshot().forEach((reason, n) -> dropped.merge(reason, n, Long::sum));
    return new Result(h, ssrc, rtp, rtcp, Collections.unmodifiableMap(dropped));
  }

  /** RTP or RTCP of the stream, or why the datagram is not. */
  static RecordType classify(byte[] p, long ssrc) throws MalformedPacketException {
    if (RtpPacket.looksLikeRtp(p, 0, p.length)) {
      RtpPacket rtp = RtpPacket.parse(p);
      if (rtp.ssrc() != ssrc) {
        throw new MalformedPacketException("import.other_ssrc", "RTP SSRC " + Long.toHexString(rtp.ssrc()));
      }
      return RecordType.RTP;
    }
    // RFC 3550 section 6.1: V=2, then PT 200-223 (RFC 5761 section 4), length, then the sender SSRC
    if (p.length < 8 || (p[0] & 0xc0) != 0x80) {
      throw new MalformedPacketException("import.not_rtp", p.length + " bytes, first byte " + (p.length > 0 ? p[0] & 0xff : -1));
    }
    int pt = p[1] & 0xff;
    if (pt < 192 || pt > 223) {
      throw new MalformedPacketException("import.not_rtp", "RTCP packet type " + pt);
    }
    long sender = ((long) (p[4] & 0xff) << 24) | ((p[5] & 0xff) << 16) | ((p[6] & 0xff) << 8) | (p[7] & 0xff);
    if (sender != ssrc) {
      throw new MalformedPacketException("import.other_ssrc", "RTCP sender SSRC " + Long.toHexString(sender));
    }
    return RecordType.RTCP;
  }

  private static long firstRtpSsrc(List<UdpDatagram> datagrams) {
    for (UdpDatagram d : datagrams) {
      byte[] p = d.payload();
      if (RtpPacket.looksLikeRtp(p, 0, p.length)) {
        try {
          return RtpPacket.parse(p).ssrc();
        } catch (MalformedPacketException e) {
          // counted when the datagram is classified
        }
      }
    }
    return -1;
  }

  private static SegmentHeader withSsrc(SegmentHeader h, long ssrc) {
    return new SegmentHeader(h.recordingId(), h.conversationId(), h.participantId(), h.trackId(), h.kind(),
        h.source(), h.codec(), h.payloadType(), h.clockRate(), h.channels(), h.fmtp(), h.extmap(), ssrc,
        h.segmentIndex(), null);
  }

  /**
   * {@code PcapImport IN.pcap OUT.tseg PORTS|any SSRC|any TRACK KIND CODEC PT CLOCK_RATE [CHANNELS]},
   * e.g. {@code in.pcap cam.tseg 5004,5005 any cam video VP8 96 90000}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 9 || args.length > 10) {
      System.err.println("usage: PcapImport IN.pcap OUT.tseg PORTS|any SSRC|any TRACK KIND CODEC PT CLOCK_RATE [CHANNELS]");
      System.exit(2);
    }
    Set<Integer> ports = new java.util.HashSet<>();
    if (!"any".equals(args[2])) {
      for (String p : args[2].split(",")) {
        ports.add(Integer.parseInt(p.trim()));
      }
    }
    Long ssrc = "any".equals(args[3]) ? null : Long.decode(args[3]);
    SegmentHeader h = new SegmentHeader(null, null, null, args[4], args[5], null, args[6], Integer.parseInt(args[7]),
        Integer.parseInt(args[8]), args.length > 9 ? Integer.valueOf(args[9]) : null, null, Map.of(), 0, 0, null);
    Result r = importSegment(Path.of(args[0]), new Selection(ports, ssrc), h, Path.of(args[1]));
    System.out.printf("ssrc=0x%08x rtp=%d rtcp=%d dropped=%s%n", r.ssrc(), r.rtpPackets(), r.rtcpPackets(), r.drops());
  }
}
