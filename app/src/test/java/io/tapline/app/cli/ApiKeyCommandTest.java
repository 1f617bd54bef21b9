package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.app.auth.ApiKeys;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApiKeyCommandTest {
  @TempDir Path dataDir;

  @Test
  void createsAKeyTheServerAccepts() {
    Run run = run("apikey", "create", "--app", "acme", "--data-dir", dataDir.toString());
    assertEquals(0, run.code, run.err);
    String secret = run.out.lines().filter(l -> l.startsWith("tpk_")).findFirst().orElseThrow();
    try (IndexDatabase index = IndexDatabase.open(IndexSettings.h2(dataDir.resolve("index")))) {
      ApiKeys keys = new ApiKeys(index.access(), Clock.systemUTC());
      assertEquals(Optional.of("acme"), keys.authenticate(secret));
      assertEquals(Optional.empty(), keys.authenticate(secret + "x"));
    }
  }

  @Test
  void refusesABadApplicationName() {
    Run run = run("apikey", "create", "--app", "Not Valid", "--data-dir", dataDir.toString());
    assertEquals(2, run.code);
    assertTrue(run.err.contains("--app must be"), run.err);
  }

  @Test
  void helpNamesTheCommands() {
    Run run = run("--help");
    assertEquals(0, run.code);
    assertTrue(run.out.contains("serve") && run.out.contains("apikey"), run.out);
    Run missing = run("apikey", "create");
    assertEquals(2, missing.code);
    assertTrue(missing.err.contains("Missing required option: '--app"), missing.err);
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      CommandLine cl = new CommandLine(new TaplineCommand());
      cl.setOut(new java.io.PrintWriter(System.out, true));
      cl.setErr(new java.io.PrintWriter(System.err, true));
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private record Run(int code, String out, String err) {}
}
