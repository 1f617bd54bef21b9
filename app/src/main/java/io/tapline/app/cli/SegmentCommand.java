package io.tapline.app.cli;

import io.tapline.pipeline.pcap.PcapLinkType;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.tools.PcapExport;
import io.tapline.pipeline.tools.SegmentDump;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapline segment dump|pcap}: the pipeline's segment tools (the logic stays in pipeline). */
@Command(name = "segment", mixinStandardHelpOptions = true,
    description = "Looks inside segment files (raw RTP and RTCP as the tap writes them).",
    subcommands = {SegmentCommand.Dump.class, SegmentCommand.Pcap.class})
public class SegmentCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "dump", mixinStandardHelpOptions = true,
      description = {"Prints a segment file as text: its header as JSON, one line per RTP/RTCP record "
          + "(file offset, arrival time, type, RTP header fields or RTCP packet types), then how the file ended "
          + "(clean, or a damaged tail and where)."},
      footer = {"", "Examples:",
          "  tapline segment dump REC_DIR/tracks/alice-cam/00000.tseg",
          "  tapline segment dump cam.tseg --packets 20",
          "", "Exit codes:", "  0  dumped (a damaged tail is reported, not an error)",
          "  1  the file cannot be read or is not a segment file", "  2  bad command line"})
  static class Dump extends CliCommand {
    @Parameters(index = "0", paramLabel = "SEGMENT", description = "A segment file (.tseg).")
    Path segment;

    @Option(names = "--packets", paramLabel = "N",
        description = "Show only the first N records (default: all).")
    Long packets;

    @Override
    int execute() {
      if (packets != null && packets < 0) {
        throw new CliException(ExitCodes.USAGE, "--packets must be >= 0");
      }
      if (!Files.isRegularFile(segment)) {
        throw new CliException(ExitCodes.FAILED, "no such file: " + segment);
      }
      try (SegmentReader reader = SegmentReader.open(segment)) {
        SegmentDump.dump(reader, out(), packets == null ? Long.MAX_VALUE : packets);
      } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
        throw new CliException(ExitCodes.FAILED, "cannot read " + segment + ": " + e.getMessage(), e);
      }
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "pcap", mixinStandardHelpOptions = true,
      description = {"Writes a segment file, or every track of a recording directory, as a pcap that "
          + "Wireshark and tshark decode: one UDP flow per track (RTP to BASE+2i, RTCP to BASE+2i+1, track i in "
          + "manifest order), stamped with the arrival times. Segments a killed tap left out of the manifest are "
          + "included."},
      footer = {"", "Examples:",
          "  tapline segment pcap tapline-data/recordings/demo/REC -o rec.pcap",
          "  tapline segment pcap cam.tseg -o cam.pcap --base-port 6000",
          "  tshark -r rec.pcap -d udp.port==5004,rtp -q -z rtp,streams",
          "", "Exit codes:", "  0  written", "  1  input unreadable, output not writable", "  2  bad command line"})
  static class Pcap extends CliCommand {
    @Parameters(index = "0", paramLabel = "RECORDING_DIR|SEGMENT",
        description = "A recording directory (manifest.json, tracks/) or one segment file.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The pcap to write.")
    Path output;

    @Option(names = "--base-port", defaultValue = "5004", paramLabel = "PORT",
        description = "UDP port of the first track's RTP; even (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--link", defaultValue = "ethernet", paramLabel = "TYPE",
        description = "Link type: ethernet or raw (IPv4 without a link header) (default ${DEFAULT-VALUE}).")
    String link;

    @Override
    int execute() {
      PcapExport.Options options;
      try {
        options = PcapExport.Options.defaults().withBasePort(basePort).withLinkType(linkType(link));
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, e.getMessage());
      }
      PcapExport.Result r;
      try {
        if (Files.isDirectory(input)) {
          r = PcapExport.exportRecording(input, output, options);
        } else if (Files.isRegularFile(input)) {
          r = PcapExport.exportSegment(input, output, options);
        } else {
          throw new CliException(ExitCodes.FAILED, "no such file or directory: " + input);
        }
      } catch (IOException | UncheckedIOException e) {
        throw new CliException(ExitCodes.FAILED, "cannot export " + input + ": " + e.getMessage(), e);
      }
      Table t = new Table("TRACK", "SSRC", "RTP", "RTP PORT", "RTCP", "RTCP PORT", "SEGMENTS", "DAMAGED");
      for (PcapExport.TrackExport e : r.tracks()) {
        t.row(e.trackId(), String.format("0x%08x", e.ssrc()), e.rtpPackets(), e.rtpPort(), e.rtcpPackets(),
            e.rtcpPort(), e.segments(), e.damagedSegments());
      }
      t.print(out());
      out().println("wrote " + output + ": " + r.packets() + " packets, " + r.tracks().size() + " track(s)");
      out().flush();
      return ExitCodes.OK;
    }

    static PcapLinkType linkType(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "ethernet" -> PcapLinkType.ETHERNET;
        case "raw" -> PcapLinkType.RAW_IPV4;
        default -> throw new IllegalArgumentException("--link must be ethernet or raw, got " + name);
      };
    }
  }
}
