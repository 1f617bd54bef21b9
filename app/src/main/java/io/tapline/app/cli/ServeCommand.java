package io.tapline.app.cli;

import io.tapline.app.TaplineApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {"Starts Tapline: REST API, signaling WebSocket, SFU media plane, schedules and webhooks.",
        "Binds to 127.0.0.1 unless configured otherwise. Stop with Ctrl-C."})
public class ServeCommand implements Callable<Integer> {
  @Option(names = "--data-dir", description = "Where all local data lives (default: ./tapline-data, "
      + "or TAPLINE_DATA_DIR).")
  Path dataDir;

  @Option(names = "--port", description = "HTTP port (default 8080, or SERVER_PORT).")
  Integer port;

  @Option(names = "--config", description = "An extra properties or YAML file with tapline.* settings.")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    List<String> args = new ArrayList<>();
    if (dataDir != null) {
      args.add("--tapline.data-dir=" + dataDir);
    }
    if (port != null) {
      args.add("--server.port=" + port);
    }
    if (config != null) {
      args.add("--spring.config.additional-location=file:" + config.toAbsolutePath());
    }
    ConfigurableApplicationContext context =
        SpringApplication.run(TaplineApplication.class, args.toArray(String[]::new));
    // Runs until the JVM is stopped; Spring's shutdown hook closes the context.
    while (context.isActive()) {
      Thread.sleep(1000);
    }
    return 0;
  }
}
