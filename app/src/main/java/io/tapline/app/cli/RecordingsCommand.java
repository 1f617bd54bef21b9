package io.tapline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapline recordings ls|get|download}: the REST API's recordings, as tables or JSON. */
@Command(name = "recordings", mixinStandardHelpOptions = true,
    description = "Lists, shows and downloads recordings from a running server (--url, --api-key).",
    subcommands = {RecordingsCommand.Ls.class, RecordingsCommand.Get.class, RecordingsCommand.Download.class},
    footer = {"", "Server and key: --url / TAPLINE_URL (default http://127.0.0.1:8080), --api-key / TAPLINE_API_KEY."})
public class RecordingsCommand implements Runnable {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static void printJson(PrintWriter out, JsonNode n) {
    try {
      out.println(JSON.writeValueAsString(n));
    } catch (IOException e) {
      throw new IllegalStateException(e); // a tree we read always writes
    }
    out.flush();
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = {"Lists recordings: of one conversation, or of every conversation of this application."},
      footer = {"", "Examples:", "  tapline recordings ls --conversation demo",
          "  tapline recordings ls --status available --json", ExitCodes.REMOTE_HELP})
  static class Ls extends CliCommand {
    @Option(names = "--conversation", paramLabel = "ID", description = "Only this conversation's recordings.")
    String conversation;

    @Option(names = "--status", paramLabel = "S",
        description = "Only recordings in this status (e.g. recording, paused, stopped, available, failed).")
    String status;

    @Option(names = "--json", description = "Print the server's JSON (an array of recordings) instead of a table.")
    boolean json;

    @Mixin RemoteOptions remote = new RemoteOptions();

    @Override
    int execute() {
      ApiClient api = remote.client();
      List<JsonNode> recordings = new ArrayList<>();
      if (conversation != null) {
        recordings.addAll(api.all("/conversations/" + ApiClient.seg(conversation) + "/recordings"));
      } else {
        for (JsonNode c : api.all("/conversations")) {
          recordings.addAll(api.all("/conversations/" + ApiClient.seg(c.path("id").asText()) + "/recordings"));
        }
      }
      if (status != null) {
        recordings.removeIf(r -> !status.trim().equalsIgnoreCase(r.path("status").asText()));
      }
      if (json) {
        ArrayNode a = JSON.createArrayNode();
        recordings.forEach(a::add);
        printJson(out(), a);
        return ExitCodes.OK;
      }
      Table t = new Table("RECORDING", "CONVERSATION", "STATUS", "STARTED", "STOPPED");
      for (JsonNode r : recordings) {
        t.row(text(r, "recordingId"), text(r, "conversationId"), text(r, "status"), text(r, "startedAt"),
            text(r, "stoppedAt"));
      }
      t.print(out());
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = {"Shows one recording: status, times, the finalize job's last run, and its stored outputs "
          + "(per-track files and compositions)."},
      footer = {"", "Examples:", "  tapline recordings get 7f3c9a2e", "  tapline recordings get 7f3c9a2e --json",
          ExitCodes.REMOTE_HELP})
  static class Get extends CliCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The recording id.")
    String id;

    @Option(names = "--json", description = "Print {\"recording\": ..., \"outputs\": [...]} as the server sent them.")
    boolean json;

    @Mixin RemoteOptions remote = new RemoteOptions();

    @Override
    int execute() {
      ApiClient api = remote.client();
      JsonNode rec = api.get("/recordings/" + ApiClient.seg(id));
      JsonNode outputs;
      String outputsMissing = null;
      try {
        outputs = api.get("/recordings/" + ApiClient.seg(id) + "/outputs");
      } catch (CliException e) {
        if (e.exitCode() != ExitCodes.NOT_FOUND) {
          throw e;
        }
        outputs = null;
        outputsMissing = e.getMessage();
      }
      if (json) {
        ObjectNode both = JSON.createObjectNode();
        both.set("recording", rec);
        both.set("outputs", outputs);
        printJson(out(), both);
        return ExitCodes.OK;
      }
      PrintWriter o = out();
      o.println("recording     " + text(rec, "recordingId"));
      o.println("conversation  " + text(rec, "conversationId"));
      o.println("status        " + text(rec, "status"));
      o.println("started       " + text(rec, "startedAt"));
      o.println("stopped       " + (text(rec, "stoppedAt") == null ? "-" : text(rec, "stoppedAt")));
      JsonNode f = rec.get("finalization");
      if (f != null && !f.isNull()) {
        o.println("finalization  " + text(f, "status") + " (step " + text(f, "step") + ")"
            + (text(f, "error") == null ? "" : ": " + text(f, "error")));
      }
      if (outputs == null) {
        o.println("outputs       not listed (" + outputsMissing + ")");
      } else {
        List<JsonNode> items = ApiClient.items(outputs);
        o.println("outputs       " + items.size());
        if (!items.isEmpty()) {
          Table t = new Table("OUTPUT", "KIND", "SIZE", "TYPE", "KEY");
          for (JsonNode x : items) {
            t.row(text(x, "outputId"), text(x, "kind"), x.has("size") ? Table.bytes(x.path("size").asLong()) : null,
                text(x, "contentType"), text(x, "key"));
          }
          t.print(o);
        }
      }
      o.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "download", mixinStandardHelpOptions = true,
      description = {"Downloads one output of a recording (a per-track file or a composition): follows the server's "
          + "redirect to storage, streams to the file, checks the sha256 the server lists, and prints the size.",
          "Without --output: the recording's only output, or its only composition."},
      footer = {"", "Examples:", "  tapline recordings download 7f3c9a2e -o meeting.mp4",
          "  tapline recordings download 7f3c9a2e --output alice-cam -o alice.webm",
          "  tapline recordings download 7f3c9a2e --output alice-cam -o out/",
          "      (an existing directory: keeps the stored name)", ExitCodes.REMOTE_HELP})
  static class Download extends CliCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The recording id.")
    String id;

    @Option(names = "--output", paramLabel = "OUTPUT_ID", description = "Which output (see `recordings get`).")
    String outputId;

    @Option(names = {"-o", "--file"}, required = true, paramLabel = "FILE",
        description = "Where to write it; an existing directory keeps the stored file name.")
    Path file;

    @Mixin RemoteOptions remote = new RemoteOptions();

    @Override
    int execute() {
      ApiClient api = remote.client();
      List<JsonNode> outputs = ApiClient.items(api.get("/recordings/" + ApiClient.seg(id) + "/outputs"));
      JsonNode chosen = choose(outputs, outputId, id);
      Path target = file;
      if (Files.isDirectory(file)) {
        String key = text(chosen, "key");
        String name = key == null ? text(chosen, "outputId") : key.substring(key.lastIndexOf('/') + 1);
        target = file.resolve(FilesCommand.Get.safeName(name));
      }
      ApiClient.Download d = api.download("/recordings/" + ApiClient.seg(id) + "/outputs/"
          + ApiClient.seg(text(chosen, "outputId")) + "/content", target, text(chosen, "sha256"), n -> { });
      out().println("wrote " + d.file() + ": " + d.size() + " bytes (" + Table.bytes(d.size()) + "), sha256 "
          + d.sha256() + (d.verified() ? " (verified)" : " (not listed by the server, not verified)"));
      out().flush();
      return ExitCodes.OK;
    }

    static JsonNode choose(List<JsonNode> outputs, String outputId, String recordingId) {
      if (outputs.isEmpty()) {
        throw new CliException(ExitCodes.NOT_FOUND, "recording " + recordingId + " has no stored outputs yet "
            + "(see `tapline recordings get " + recordingId + "`)");
      }
      if (outputId != null) {
        return outputs.stream().filter(o -> outputId.equals(text(o, "outputId"))).findFirst()
            .orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND, "recording " + recordingId + " has no output "
                + outputId + "; it has " + ids(outputs)));
      }
      if (outputs.size() == 1) {
        return outputs.get(0);
      }
      List<JsonNode> compositions = outputs.stream()
          .filter(o -> String.valueOf(text(o, "kind")).toLowerCase(Locale.ROOT).startsWith("composit")).toList();
      if (compositions.size() == 1) {
        return compositions.get(0);
      }
      throw new CliException(ExitCodes.USAGE, "recording " + recordingId + " has " + outputs.size()
          + " outputs; choose one with --output: " + ids(outputs));
    }

    private static String ids(List<JsonNode> outputs) {
      return String.join(", ", outputs.stream().map(o -> text(o, "outputId") + " (" + text(o, "kind") + ")").toList());
    }
  }
}
