package io.tapline.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tapline files ls|get}: files exchanged in conversations, from the REST API. */
@Command(name = "files", mixinStandardHelpOptions = true,
    description = "Lists and downloads the files people exchanged in a conversation (--url, --api-key).",
    subcommands = {FilesCommand.Ls.class, FilesCommand.Get.class},
    footer = {"", "Server and key: --url / TAPLINE_URL (default http://127.0.0.1:8080), --api-key / TAPLINE_API_KEY."})
public class FilesCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "Lists a conversation's files (every page).",
      footer = {"", "Examples:", "  tapline files ls --conversation demo", "  tapline files ls --conversation demo --json",
          ExitCodes.REMOTE_HELP})
  static class Ls extends CliCommand {
    @Option(names = "--conversation", required = true, paramLabel = "ID", description = "The conversation.")
    String conversation;

    @Option(names = "--json", description = "Print the server's JSON (an array of files) instead of a table.")
    boolean json;

    @Mixin RemoteOptions remote = new RemoteOptions();

    @Override
    int execute() {
      List<JsonNode> files = remote.client().all("/conversations/" + ApiClient.seg(conversation) + "/files");
      if (json) {
        ArrayNode a = RecordingsCommand.JSON.createArrayNode();
        files.forEach(a::add);
        RecordingsCommand.printJson(out(), a);
        return ExitCodes.OK;
      }
      Table t = new Table("FILE", "NAME", "SIZE", "TYPE", "UPLOADER", "CREATED");
      for (JsonNode f : files) {
        t.row(RecordingsCommand.text(f, "fileId"), RecordingsCommand.text(f, "name"),
            f.has("size") ? Table.bytes(f.path("size").asLong()) : null, RecordingsCommand.text(f, "contentType"),
            RecordingsCommand.text(f, "uploader"), RecordingsCommand.text(f, "createdAt"));
      }
      t.print(out());
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = {"Downloads a file: follows the server's redirect to storage (or, with --via-server, has the "
          + "server stream it), streams to disk and prints size and sha256. With --conversation the sha256 the "
          + "listing gives is checked."},
      footer = {"", "Examples:", "  tapline files get 5d1e0c3a -o slides.pdf",
          "  tapline files get 5d1e0c3a --conversation demo -o downloads/",
          "      (checks the sha256, keeps the uploaded name)", ExitCodes.REMOTE_HELP})
  static class Get extends CliCommand {
    @Parameters(index = "0", paramLabel = "FILE_ID", description = "The file id (see `files ls`).")
    String fileId;

    @Option(names = {"-o", "--file"}, required = true, paramLabel = "FILE",
        description = "Where to write it; an existing directory keeps the file's name (needs --conversation).")
    Path file;

    @Option(names = "--conversation", paramLabel = "ID",
        description = "The file's conversation: its listing gives the sha256 to check and the name.")
    String conversation;

    @Option(names = "--via-server", description = "Ask the server to stream the content (?redirect=false) instead "
        + "of redirecting to storage (when storage is not reachable from here).")
    boolean viaServer;

    @Mixin RemoteOptions remote = new RemoteOptions();

    @Override
    int execute() {
      ApiClient api = remote.client();
      JsonNode listed = null;
      if (conversation != null) {
        listed = api.all("/conversations/" + ApiClient.seg(conversation) + "/files").stream()
            .filter(f -> fileId.equals(RecordingsCommand.text(f, "fileId"))).findFirst()
            .orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND, "conversation " + conversation
                + " lists no file " + fileId));
      }
      Path target = file;
      if (Files.isDirectory(file)) {
        if (listed == null || RecordingsCommand.text(listed, "name") == null) {
          throw new CliException(ExitCodes.USAGE, file + " is a directory: name the file, or add --conversation "
              + "to keep the uploaded name");
        }
        target = file.resolve(safeName(RecordingsCommand.text(listed, "name")));
      }
      String sha256 = listed == null ? null : RecordingsCommand.text(listed, "sha256");
      ApiClient.Download d = api.download("/files/" + ApiClient.seg(fileId) + "/content"
          + (viaServer ? "?redirect=false" : ""), target, sha256, n -> { });
      out().println("wrote " + d.file() + ": " + d.size() + " bytes (" + Table.bytes(d.size()) + "), sha256 "
          + d.sha256() + (d.verified() ? " (verified)" : " (not verified: add --conversation to check it)"));
      out().flush();
      return ExitCodes.OK;
    }

    /** An uploaded name as a plain file name: no directories, nothing hidden. */
    static String safeName(String name) {
      String base = name.replace('\\', '/');
      base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\x00-\\x1f]", "_");
      while (base.startsWith(".")) {
        base = base.substring(1);
      }
      return base.isBlank() ? "download" : base;
    }
  }
}
