package io.tapline.app.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the server is and how to authenticate: shared by every command that uses the REST API. */
class RemoteOptions {
  @Option(names = "--url", defaultValue = "${env:TAPLINE_URL:-http://127.0.0.1:8080}", paramLabel = "URL",
      description = "Base URL of the Tapline server (TAPLINE_URL; default ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--api-key", defaultValue = "${env:TAPLINE_API_KEY}", paramLabel = "KEY",
      description = "Backend API key, from `tapline apikey create` (TAPLINE_API_KEY).")
  String apiKey;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "Give up on a request (connect or answer) after this many seconds (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  ApiClient client() {
    if (timeoutSeconds < 1) {
      throw new CliException(ExitCodes.USAGE, "--timeout must be at least 1 second");
    }
    return new ApiClient(url, apiKey, Duration.ofSeconds(timeoutSeconds));
  }
}
