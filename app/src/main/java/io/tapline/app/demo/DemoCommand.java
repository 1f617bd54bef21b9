package io.tapline.app.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs Tapline end to end on the embedded default: the service, a REST conversation,",
        "three synthetic RTP participants over signaling (one joins, one leaves), a recording started and",
        "stopped through REST, the finalize job, and the grid MP4 and per-track files downloaded through",
        "their presigned URLs. Then shuts the service down."})
public class DemoCommand implements Callable<Integer> {
  @Option(names = "--dir", description = "Fresh data directory (default: ./tapline-data/demo-<timestamp>).")
  Path dir;

  @Option(names = "--seconds", defaultValue = "20", description = "Length of the recording (default: ${DEFAULT-VALUE}); "
      + "C joins at 30%% of it, B leaves at 70%%.")
  int seconds;

  @Option(names = "--keep-running", description = "Keep the service up after the downloads, so the presigned URLs "
      + "work, until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    if (seconds < 3 || seconds > 3600) {
      System.err.println("--seconds must be within 3..3600");
      return 2;
    }
    Path d = dir != null ? dir
        : Path.of("tapline-data", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Duration length = Duration.ofSeconds(seconds);
    Demo.Options defaults = Demo.Options.defaults(d);
    Demo.Options o = new Demo.Options(d, length, length.multipliedBy(3).dividedBy(10),
        length.multipliedBy(7).dividedBy(10), defaults.media(), defaults.finalizeTimeout(), keepRunning);
    try {
      new Demo(o, System.out).run();
      return 0;
    } catch (Exception e) {
      System.err.println("demo failed: " + e.getMessage());
      return 1;
    }
  }
}
