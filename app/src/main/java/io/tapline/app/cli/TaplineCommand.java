package io.tapline.app.cli;

import io.tapline.app.demo.DemoCommand;
import picocli.CommandLine.Command;

@Command(
    name = "tapline",
    mixinStandardHelpOptions = true,
    version = "tapline 0.1.0-SNAPSHOT",
    description = "Records WebRTC conversations: SFU with a recording tap, REST API, schedules, webhooks.",
    subcommands = {ServeCommand.class, ApiKeyCommand.class, DemoCommand.class, ComposeCommand.class,
        ExportCommand.class, SegmentCommand.class, RecordingsCommand.class, FilesCommand.class},
    footer = {"", "Start the server:        tapline serve",
        "Create the first key:    tapline apikey create --app myapp",
        "Compose a recording:     tapline compose tapline-data/recordings/CONV/REC --layout grid -o rec.mp4",
        "List recordings:         TAPLINE_API_KEY=tpk_... tapline recordings ls",
        "Each command has --help with examples and exit codes.",
        "Settings: docs/configuration.md (tapline.* properties, TAPLINE_* environment variables)."})
public class TaplineCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
