package io.tapline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.compositor.compose.CompositionReport;
import io.tapline.compositor.compose.Compositor;
import io.tapline.compositor.track.Skip;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tapline compose}: a local recording directory is composed in this process by the
 * compositor; a recording id is composed by a running server through the REST API, then downloaded.
 */
@Command(name = "compose", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Makes one video from a recording, laid out over time as the conversation went (joins, leaves, "
        + "active speaker, screen shares; pauses cut).",
        "A recording directory (manifest.json + segments, as the tap writes them) is composed here, in this process. "
            + "A recording id is composed by the server (--url, --api-key): the command asks for the composition, "
            + "follows its progress and downloads the result.",
        "Progress goes to stderr: a bar on a terminal, plain lines otherwise."},
    footer = {"", "Examples:",
        "  tapline compose tapline-data/recordings/CONV/REC -o rec.mp4",
        "  tapline compose ./rec --layout active-speaker --format webm \\",
        "      --size 640x360 --fps 25 -o rec.webm",
        "  tapline compose ./rec --layout custom --template pip.json \\",
        "      --format hls -o hls/index.m3u8",
        "  export TAPLINE_API_KEY=tpk_...      # a recording on the server:",
        "  tapline compose 7f3c9a2e --layout presentation -o talk.mp4",
        "",
        "Exit codes:",
        "  0  written",
        "  1  composition failed, recording unreadable, or output not writable",
        "  2  bad command line (layout, format, size, template)",
        "  3  API key refused (recording id only)",
        "  4  no such recording on the server",
        "  5  the server rejected the request",
        "  6  server error, unreachable, or gave up waiting (--max-wait)"})
public class ComposeCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "RECORDING",
      description = "A recording directory, or the id of a recording on the server.")
  String recording;

  @Option(names = "--layout", defaultValue = "grid", paramLabel = "LAYOUT",
      description = "grid, active-speaker, presentation, single or custom (default ${DEFAULT-VALUE}).")
  String layout;

  @Option(names = "--template", paramLabel = "FILE.json",
      description = "The custom layout: {\"regions\":[{\"x\":0,\"y\":0,\"width\":1,\"height\":1,\"z\":0,"
          + "\"fill\":\"speaker\"}, ...]} in fractions of the canvas; fill is speaker, screen, slot, "
          + "participant:ID or track:ID.")
  Path template;

  @Option(names = "--participant", paramLabel = "ID",
      description = "With --layout single: whom to show (default: whoever speaks).")
  String participant;

  @Option(names = "--format", defaultValue = "mp4", paramLabel = "FORMAT",
      description = "mp4 (H.264 + AAC), webm (VP8 + Opus) or hls (fMP4 segments beside the .m3u8 playlist) "
          + "(default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--size", defaultValue = "1280x720", paramLabel = "WxH",
      description = "Output size, even numbers (default ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--fps", defaultValue = "30", paramLabel = "N", description = "Frames per second (default ${DEFAULT-VALUE}).")
  int fps;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The file to write (for hls: the playlist, ending in .m3u8).")
  Path output;

  @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
      description = "auto, bar, plain or none (default ${DEFAULT-VALUE}: a bar on a terminal, else lines).")
  String progress;

  @Option(names = "--poll", defaultValue = "1", paramLabel = "SECONDS",
      description = "Recording id: how often to ask the server how far it is (default ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Option(names = "--max-wait", defaultValue = "7200", paramLabel = "SECONDS",
      description = "Recording id: give up after this long (default ${DEFAULT-VALUE}).")
  long maxWaitSeconds;

  @Mixin RemoteOptions remote = new RemoteOptions();

  /** Wall clock for the progress bar and polling; tests replace it. */
  LongSupplier nanoClock = System::nanoTime;

  @Override
  int execute() {
    String templateJson = null;
    if (template != null) {
      try {
        templateJson = Files.readString(template);
      } catch (IOException e) {
        throw new CliException(ExitCodes.USAGE, "cannot read --template " + template + ": " + e.getMessage(), e);
      }
    }
    CompositionRequest request = CompositionRequest.of(layout, format, size, fps, templateJson, participant);
    ProgressBar.Mode mode = progressMode(progress);
    if (request.format().equals("hls") && isLocal(recording)
        && !output.getFileName().toString().endsWith(".m3u8")) {
      throw new CliException(ExitCodes.USAGE, "-o must name the playlist (NAME.m3u8) for --format hls");
    }
    return isLocal(recording) ? composeHere(Path.of(recording), request, mode) : composeOnServer(request, mode);
  }

  static ProgressBar.Mode progressMode(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "auto" -> ProgressBar.Mode.auto();
      case "bar" -> ProgressBar.Mode.BAR;
      case "plain" -> ProgressBar.Mode.PLAIN;
      case "none" -> ProgressBar.Mode.NONE;
      default -> throw new CliException(ExitCodes.USAGE, "--progress must be auto, bar, plain or none, got " + name);
    };
  }

  /** A directory, or something that looks like a path, is local; a bare name is a recording id. */
  static boolean isLocal(String recording) {
    return Files.isDirectory(Path.of(recording)) || recording.contains("/") || recording.contains(File.separator)
        || recording.startsWith(".") || recording.startsWith("~");
  }

  private int composeHere(Path dir, CompositionRequest request, ProgressBar.Mode mode) {
    RecordingDirectory rec = new RecordingDirectory(dir);
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCodes.FAILED, "no such recording directory: " + dir);
    }
    if (!Files.isRegularFile(rec.manifestFile())) {
      throw new CliException(ExitCodes.FAILED, dir + " is not a recording directory (no manifest.json)");
    }
    ProgressBar bar = new ProgressBar(err(), mode, nanoClock, "composing");
    quietFfmpeg();
    CompositionReport r;
    try {
      r = new Compositor().compose(rec, request.spec(), output, bar::update);
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(ExitCodes.FAILED, "composition failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, "composition failed: " + e, e);
    } finally {
      bar.finish();
    }
    out().printf(Locale.ROOT, "wrote %s: %s + %s, %dx%d at %d fps, %.2f s, %d frames, %.1fx real time, "
            + "%d layout change(s)%n", r.output(), r.videoCodec(), r.audioCodec(), r.width(), r.height(), r.fps(),
        r.durationMicros() / 1e6, r.videoFrames(), r.speed(), r.layoutChanges());
    for (Skip s : r.skips()) {
      out().printf("left out: %s %s x%d%s%n", s.trackId() == null ? "(recording)" : s.trackId(), s.reason(),
          s.count(), s.detail() == null ? "" : " (" + s.detail() + ")");
    }
    out().flush();
    return ExitCodes.OK;
  }

  private int composeOnServer(CompositionRequest request, ProgressBar.Mode mode) {
    if (pollSeconds < 0.05 || maxWaitSeconds < 1) {
      throw new CliException(ExitCodes.USAGE, "--poll must be >= 0.05 and --max-wait >= 1");
    }
    ApiClient api = remote.client();
    JsonNode created = api.post("/recordings/" + ApiClient.seg(recording) + "/compositions", request.body());
    String id = created.path("compositionId").asText("");
    if (id.isEmpty()) {
      throw new CliException(ExitCodes.SERVER, "the server accepted the composition but gave no compositionId: "
          + created);
    }
    err().println("composition " + id + " of recording " + recording + " requested on " + api.base());
    err().flush();
    ProgressBar bar = new ProgressBar(err(), mode, nanoClock, "composing");
    long deadline = nanoClock.getAsLong() + maxWaitSeconds * 1_000_000_000L;
    try {
      while (true) {
        JsonNode c = api.get("/compositions/" + ApiClient.seg(id));
        String status = c.path("status").asText("");
        switch (status) {
          case "available" -> {
            bar.update(1, Double.NaN);
            bar.finish();
            // An HLS playlist is served rewritten (presigned segment URLs), so not the stored bytes.
            boolean hls = c.path("format").asText("").startsWith("hls");
            ApiClient.Download d = api.download("/compositions/" + ApiClient.seg(id) + "/content", output,
                hls ? null : text(c, "sha256"), n -> { });
            out().println("wrote " + d.file() + ": " + d.size() + " bytes (" + Table.bytes(d.size()) + "), sha256 "
                + d.sha256() + (d.verified() ? " (verified)" : "")
                + (hls ? "; an HLS playlist whose segment URLs are presigned: it plays until they expire" : ""));
            out().flush();
            return ExitCodes.OK;
          }
          case "failed" -> throw new CliException(ExitCodes.FAILED, "composition " + id + " failed on the server: "
              + c.path("error").asText("(no reason given)"));
          case "queued", "running" -> bar.update(c.path("progress").asDouble(0), Double.NaN);
          default -> throw new CliException(ExitCodes.SERVER, "composition " + id + " has an unknown status '"
              + status + "': " + c);
        }
        if (nanoClock.getAsLong() > deadline) {
          throw new CliException(ExitCodes.SERVER, "gave up after " + maxWaitSeconds + " s: composition " + id
              + " is still " + status + " (it goes on on the server; --max-wait waits longer)");
        }
        sleep(pollSeconds);
      }
    } finally {
      bar.finish();
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void sleep(double seconds) {
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted", e);
    }
  }
}
