package io.tapline.app.cli;

import io.tapline.app.auth.ApiKeys;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apikey", mixinStandardHelpOptions = true, description = "Manages backend API keys.",
    subcommands = ApiKeyCommand.Create.class)
public class ApiKeyCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Library INFO logs (pool, migrations) would bury the key on stdout. */
  static void quietLogs() {
    if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Creates an API key for an application and prints it once (only its hash is stored).",
          "Works while the server runs (the default H2 index allows a second process)."})
  static class Create implements Callable<Integer> {
    @Option(names = "--app", required = true, description = "Application name: a-z, 0-9 and '-', 1-63 characters.")
    String app;

    @Option(names = "--data-dir", defaultValue = "${env:TAPLINE_DATA_DIR:-./tapline-data}",
        description = "The server's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--index-url", defaultValue = "${env:TAPLINE_STORAGE_INDEX_URL}",
        description = "JDBC URL of an external index database (default: the H2 file in the data directory).")
    String indexUrl;

    @Option(names = "--index-user", defaultValue = "${env:TAPLINE_STORAGE_INDEX_USER:-}",
        description = "User of the external index database (TAPLINE_STORAGE_INDEX_USER).")
    String indexUser;

    @Option(names = "--index-password", defaultValue = "${env:TAPLINE_STORAGE_INDEX_PASSWORD:-}",
        description = "Its password (TAPLINE_STORAGE_INDEX_PASSWORD).")
    String indexPassword;

    @Override
    public Integer call() {
      quietLogs();
      if (!ApiKeys.APPLICATION.matcher(app).matches()) {
        System.err.println("--app must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        return 2;
      }
      IndexSettings settings = indexUrl == null || indexUrl.isBlank()
          ? IndexSettings.h2(dataDir.toAbsolutePath().normalize().resolve("index"))
          : new IndexSettings(indexUrl, indexUser, indexPassword, 2);
      try (IndexDatabase index = IndexDatabase.open(settings)) {
        ApiKeys.CreatedKey key = new ApiKeys(index.access(), Clock.systemUTC()).create(app);
        System.out.println("API key for application '" + key.application() + "' (id " + key.id() + "):");
        System.out.println(key.secret());
        System.out.println("Shown once; send it as 'Authorization: Bearer <key>'.");
      }
      return 0;
    }
  }
}
