package io.tapline.app.cli;

import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.compositor.track.Skip;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapline export}: one file per track, without re-encoding (the compositor's TrackExporter). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes every track of a recording directory to its own file, without re-encoding: "
        + "VP8/VP9 to WebM, H.264 to MP4, Opus to Ogg, named {trackId}.{ext}. Video starts at its first keyframe; "
        + "audio starts at the recording's start, silence filling the gaps. What could not be used is listed."},
    footer = {"", "Examples:",
        "  tapline export tapline-data/recordings/demo/REC -o out/",
        "  ffprobe out/alice-cam.webm",
        "", "Exit codes:", "  0  at least one track written (tracks left out are listed)",
        "  1  not a recording, nothing could be written, or output not writable",
        "  2  bad command line"})
public class ExportCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "RECORDING_DIR", description = "A recording directory (manifest.json, tracks/).")
  Path recording;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
      description = "Directory to write the files into (created if needed).")
  Path outputDir;

  @Override
  int execute() {
    RecordingDirectory rec = new RecordingDirectory(recording);
    if (!Files.isRegularFile(rec.manifestFile())) {
      throw new CliException(ExitCodes.FAILED, recording + " is not a recording directory (no manifest.json)");
    }
    quietFfmpeg();
    List<ExportReport> reports;
    try {
      reports = new TrackExporter().exportAll(rec, outputDir);
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(ExitCodes.FAILED, "export failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, "export failed: " + e, e);
    }
    Table t = new Table("TRACK", "CODEC", "FILE", "START", "DURATION", "FRAMES", "SIZE");
    int written = 0;
    for (ExportReport r : reports) {
      String size = "-";
      if (r.written()) {
        written++;
        try {
          size = Table.bytes(Files.size(r.output()));
        } catch (IOException e) {
          size = "?";
        }
      }
      t.row(r.trackId(), r.codec(), r.written() ? r.output() : "(not written)", seconds(r.startMicros()),
          seconds(r.durationMicros()), r.frames(), size);
    }
    t.print(out());
    for (ExportReport r : reports) {
      for (Skip s : r.skips()) {
        out().printf("left out: %s %s x%d%s%n", s.trackId() == null ? r.trackId() : s.trackId(), s.reason(),
            s.count(), s.detail() == null ? "" : " (" + s.detail() + ")");
      }
    }
    out().flush();
    if (written == 0) {
      throw new CliException(ExitCodes.FAILED, "no track could be written (see the reasons above)");
    }
    return ExitCodes.OK;
  }

  private static String seconds(long micros) {
    return String.format(Locale.ROOT, "%.3f s", micros / 1e6);
  }
}
