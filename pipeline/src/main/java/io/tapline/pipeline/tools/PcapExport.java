package io.tapline.pipeline.tools;

import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.pcap.PcapLinkType;
import io.tapline.pipeline.pcap.PcapWriter;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentFormat;
import io.tapline.pipeline.segment.SegmentHeader;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Turns segment files into a classic pcap that Wireshark decodes, the way {@code mjr2pcap} does for
 * Janus: each record becomes a UDP datagram with synthetic IPv4/UDP headers, stamped with its
 * arrival time. Track {@code i} (in manifest order) sends RTP to {@code basePort + 2i} and RTCP to
 * {@code basePort + 2i + 1}, from the same port numbers (symmetric RTP), so
 * {@code tshark -d udp.port==N,rtp -z rtp,streams} lists one stream per track. The records of
 * several tracks are merged by arrival time.
 */
public final class PcapExport {
  private PcapExport() {}

  /**
   * How datagrams are addressed.
   *
   * @param basePort RTP port of the first track; even, so RTP/RTCP pairs follow RFC 3550 section 11
   */
  public record Options(PcapLinkType linkType, String sourceAddress, String destinationAddress, int basePort) {
    public Options {
      Objects.requireNonNull(linkType, "linkType");
      Objects.requireNonNull(sourceAddress, "sourceAddress");
      Objects.requireNonNull(destinationAddress, "destinationAddress");
      if (basePort < 2 || basePort > 0xfffe || basePort % 2 != 0) {
        throw new IllegalArgumentException("basePort must be even, 2-65534: " + basePort);
      }
    }

    public static Options defaults() {
      return new Options(PcapLinkType.ETHERNET, "10.0.0.1", "10.0.0.2", 5004);
    }

    public Options withBasePort(int port) {
      return new Options(linkType, sourceAddress, destinationAddress, port);
    }

    public Options withLinkType(PcapLinkType type) {
      return new Options(type, sourceAddress, destinationAddress, basePort);
    }
  }

  /** What was exported for one track. */
  public record TrackExport(
      String trackId, long ssrc, int rtpPort, int rtcpPort, long rtpPackets, long rtcpPackets, int segments,
      int damagedSegments) {}

  public record Result(List<TrackExport> tracks) {
    public long packets() {
      return tracks.stream().mapToLong(t -> t.rtpPackets() + t.rtcpPackets()).sum();
    }
  }

  /** Exports one segment file; its RTP goes to {@code basePort}, its RTCP to {@code basePort + 1}. */
  public static Result exportSegment(Path segment, Path pcap, Options options) throws IOException {
    SegmentHeader header;
    try (SegmentReader r = SegmentReader.open(segment)) {
      header = r.header().orElse(null);
    }
    String trackId = header == null ? segment.getFileName().toString() : header.trackId();
    long ssrc = header == null ? 0 : header.ssrc();
    return export(List.of(new TrackFiles(trackId, ssrc, List.of(segment))), pcap, options);
  }

  /**
   * Exports every track of a recording directory: the segments its manifest lists, plus segment
   * files on disk that it does not list yet (the open segment of a tap that was killed), and tracks
   * found on disk but missing from the manifest.
   */
  public static Result exportRecording(Path recording, Path pcap, Options options) throws IOException {
    return export(tracksOf(new RecordingDirectory(recording)), pcap, options);
  }

  record TrackFiles(String trackId, long ssrc, List<Path> files) {}

  static List<TrackFiles> tracksOf(RecordingDirectory dir) throws IOException {
    Map<String, TrackFiles> tracks = new LinkedHashMap<>();
    if (Files.exists(dir.manifestFile())) {
      Manifest m = dir.readManifest();
      for (ManifestTrack t : m.tracks()) {
        TreeSet<Path> files = new TreeSet<>();
        for (SegmentEntry e : t.segments()) {
          files.add(dir.resolve(e));
        }
        files.addAll(segmentFilesOnDisk(dir.path().resolve(RecordingDirectory.TRACKS).resolve(t.trackId())));
        tracks.put(t.trackId(), new TrackFiles(t.trackId(), t.ssrc(), new ArrayList<>(files)));
      }
    }
    Path trackRoot = dir.path().resolve(RecordingDirectory.TRACKS);
    if (Files.isDirectory(trackRoot)) {
      TreeSet<Path> unlisted = new TreeSet<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(trackRoot, Files::isDirectory)) {
        s.forEach(unlisted::add);
      }
      for (Path d : unlisted) {
        String id = d.getFileName().toString();
        if (!tracks.containsKey(id)) {
          List<Path> files = new ArrayList<>(segmentFilesOnDisk(d));
          if (!files.isEmpty()) {
            tracks.put(id, new TrackFiles(id, 0, files));
          }
        }
      }
    }
    if (tracks.isEmpty()) {
      throw new IOException("no manifest and no segment files in " + dir.path());
    }
    return new ArrayList<>(tracks.values());
  }

  private static TreeSet<Path> segmentFilesOnDisk(Path trackDir) throws IOException {
    TreeSet<Path> files = new TreeSet<>();
    if (Files.isDirectory(trackDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(trackDir, "*" + SegmentFormat.FILE_SUFFIX)) {
        s.forEach(files::add);
      }
    }
    return files;
  }

  private record Cursor(int track, TrackRecords records) {}

  static Result export(List<TrackFiles> tracks, Path pcap, Options o) throws IOException {
    if (o.basePort() + 2 * tracks.size() - 1 > 0xffff) {
      throw new IllegalArgumentException(tracks.size() + " tracks do not fit above port " + o.basePort());
    }
    long[] rtp = new long[tracks.size()];
    long[] rtcp = new long[tracks.size()];
    long[] ssrc = new long[tracks.size()];
    List<Cursor> cursors = new ArrayList<>();
    PriorityQueue<Cursor> queue = new PriorityQueue<>(
        Comparator.<Cursor>comparingLong(c -> c.records().current().arrivalMicros()).thenComparingInt(Cursor::track));
    try (PcapWriter out = PcapWriter.create(pcap, o.linkType())) {
      for (int i = 0; i < tracks.size(); i++) {
        ssrc[i] = tracks.get(i).ssrc();
        Cursor c = new Cursor(i, new TrackRecords(tracks.get(i).files()));
        cursors.add(c);
        if (c.records().advance()) {
          queue.add(c);
        }
      }
      while (!queue.isEmpty()) {
        Cursor c = queue.poll();
        SegmentRecord r = c.records().current();
        int port = o.basePort() + 2 * c.track() + (r.type() == RecordType.RTCP ? 1 : 0);
        out.write(new UdpDatagram(r.arrivalMicros(), o.sourceAddress(), port, o.destinationAddress(), port, r.data()));
        if (r.type() == RecordType.RTP) {
          rtp[c.track()]++;
        } else {
          rtcp[c.track()]++;
        }
        if (c.records().advance()) {
          queue.add(c);
        }
      }
    } finally {
      for (Cursor c : cursors) {
        c.records().close();
      }
    }
    List<TrackExport> result = new ArrayList<>();
    for (int i = 0; i < tracks.size(); i++) {
      int port = o.basePort() + 2 * i;
      TrackRecords tr = cursors.get(i).records();
      result.add(new TrackExport(tracks.get(i).trackId(), ssrc[i], port, port + 1, rtp[i], rtcp[i], tr.files(),
          tr.damagedFiles()));
    }
    return new Result(result);
  }

  /**
   * {@code PcapExport IN OUT.pcap [basePort] [ethernet|raw]}: IN is a segment file or a recording
   * directory.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: PcapExport SEGMENT.tseg|RECORDING_DIR OUT.pcap [BASE_PORT] [ethernet|raw]");
      System.exit(2);
    }
    Options o = Options.defaults();
    if (args.length > 2) {
      o = o.withBasePort(Integer.parseInt(args[2]));
    }
    if (args.length > 3) {
      o = o.withLinkType("raw".equals(args[3]) ? PcapLinkType.RAW_IPV4 : PcapLinkType.ETHERNET);
    }
    Path in = Path.of(args[0]);
    Result r = Files.isDirectory(in) ? exportRecording(in, Path.of(args[1]), o) : exportSegment(in, Path.of(args[1]), o);
    for (TrackExport t : r.tracks()) {
      System.out.printf("%s ssrc=0x%08x rtp=%d->udp/%d rtcp=%d->udp/%d segments=%d damaged=%d%n", t.trackId(), t.ssrc(),
          t.rtpPackets(), t.rtpPort(), t.rtcpPackets(), t.rtcpPort(), t.segments(), t.damagedSegments());
    }
  }
}
