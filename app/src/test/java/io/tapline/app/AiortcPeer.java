package io.tapline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One aiortc peer process ({@code src/test/python/tapline_aiortc_peer.py} on Debian's
 * python3-aiortc): its JSON event lines land in a queue, its stderr in a log file; "mark" lines
 * on its stdin ask for its counters, closing stdin ends the call and yields its result.
 */
final class AiortcPeer implements AutoCloseable {
  static final Path SCRIPT = Path.of("src/test/python/tapline_aiortc_peer.py");
  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final Path log;
  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  /** @param options more options of the script ({@code --answer-delay SECONDS}) */
  AiortcPeer(String name, String signalingUrl, String conversation, String token, int expectTracks,
      String... options) throws IOException {
    this.name = name;
    this.log = Files.createTempFile("aiortc-" + name, ".log");
    List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString(), "--url",
        signalingUrl, "--conversation", conversation, "--token", token, "--expect-tracks",
        Integer.toString(expectTracks)));
    command.addAll(List.of(options));
    if (Boolean.getBoolean("tapline.it.aiortc.debug")) {
      command.add("--debug"); // aiortc's per-packet debug log, in the log file named below
    }
    process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    stdin = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          try {
            events.add(JSON.readTree(line));
          } catch (IOException e) {
            events.add(JSON.createObjectNode().put("event", "unparsed").put("line", line));
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "aiortc-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** True when /usr/bin/python3 imports aiortc, numpy and websockets (python3-aiortc, python3-websockets). */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import aiortc, numpy, websockets")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Waits for the next event of this kind (earlier events of other kinds are skipped). */
  JsonNode await(String event, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new AssertionError("aiortc peer " + name + ": no '" + event + "' within " + timeout
            + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + "; log:\n" + tail());
      }
      if (event.equals(e.path("event").asText())) {
        return e;
      }
    }
  }

  /** Its frame counters now. */
  JsonNode mark(String label) throws Exception {
    stdin.write(("mark " + label + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    return await("mark", Duration.ofSeconds(30));
  }

  /** Ends the call (closes stdin) and returns the peer's result. */
  JsonNode finish() throws Exception {
    stdin.close();
    JsonNode result = await("result", Duration.ofSeconds(60));
    process.waitFor(30, TimeUnit.SECONDS);
    return result;
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
