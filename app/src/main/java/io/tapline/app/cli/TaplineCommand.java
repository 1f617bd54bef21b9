package io.tapline.app.cli;

import io.tapline.app.demo.DemoCommand;
import picocli.CommandLine.Command;

@Command(
    name = "tapline",
    mixinStandardHelpOptions = true,
    version = "tapline 0.1.0-SNAPSHOT",
    description = "Records WebRTC conversations: SFU with a recording tap, REST API, schedules, webhooks.",
    subcommands = {ServeCommand.class, ApiKeyCommand.class, DemoCommand.class},
    footer = {"", "Start the server:        tapline serve",
        "Create the first key:    tapline apikey create --app myapp",
        "Settings: docs/configuration.md (tapline.* properties, TAPLINE_* environment variables)."})
public class TaplineCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
