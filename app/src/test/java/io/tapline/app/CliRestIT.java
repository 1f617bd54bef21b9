package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.app.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client commands against the started application: tables, JSON, and errors as exit codes. */
class CliRestIT extends AppTestSupport {
  String key;
  String conversation;
  String recording;

  @BeforeEach
  void recordSomething() throws Exception {
    key = newKey("cli-app-" + System.nanoTime() % 100_000);
    conversation = createConversation(key, "CLI");
    Response started = post("/api/v1/conversations/" + conversation + "/recordings", key, null);
    assertEquals(201, started.status(), started.body());
    recording = started.json().get("recordingId").asText();
    assertEquals(200, post("/api/v1/recordings/" + recording + "/stop", key, null).status());
  }

  private CliRun cli(String apiKey, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--url";
    all[args.length + 1] = base();
    all[args.length + 2] = "--api-key";
    all[args.length + 3] = apiKey;
    return CliRun.run(all);
  }

  @Test
  void recordingsLsPrintsATableOrTheServersJson() throws Exception {
    CliRun one = cli(key, "recordings", "ls", "--conversation", conversation);
    assertEquals(0, one.code(), one.toString());
    List<String> lines = one.out().lines().toList();
    assertEquals(2, lines.size(), one.out());
    assertTrue(lines.get(0).matches("RECORDING +CONVERSATION +STATUS +STARTED +STOPPED"), lines.get(0));
    assertTrue(lines.get(1).startsWith(recording + "  "), lines.get(1));
    assertTrue(lines.get(1).contains(" " + conversation + " "), lines.get(1));

    // without --conversation: every conversation of this application
    String second = createConversation(key, "CLI 2");
    Response r2 = post("/api/v1/conversations/" + second + "/recordings", key, null);
    String rec2 = r2.json().get("recordingId").asText();
    CliRun all = cli(key, "recordings", "ls", "--json");
    assertEquals(0, all.code(), all.toString());
    JsonNode arr = JSON.readTree(all.out());
    assertEquals(2, arr.size(), all.out());
    List<String> ids = List.of(arr.get(0).get("recordingId").asText(), arr.get(1).get("recordingId").asText());
    assertTrue(ids.containsAll(List.of(recording, rec2)), ids.toString());

    CliRun live = cli(key, "recordings", "ls", "--status", "recording");
    assertEquals(0, live.code(), live.toString());
    assertEquals(2, live.out().lines().count(), live.out());
    assertTrue(live.out().contains(rec2) && !live.out().contains(recording), live.out());
    post("/api/v1/recordings/" + rec2 + "/stop", key, null);
  }

  @Test
  void recordingsGetShowsTheRecording() throws Exception {
    CliRun r = cli(key, "recordings", "get", recording);
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("recording     " + recording + "\n"), r.out());
    assertTrue(r.out().contains("conversation  " + conversation + "\n"), r.out());
    String status = get("/api/v1/recordings/" + recording, key).json().get("status").asText();
    assertTrue(List.of("stopped", "processing", "available", "failed").contains(status), status);
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("status        ")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("finalization  ")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("outputs       ")), r.out());

    CliRun json = cli(key, "recordings", "get", recording, "--json");
    assertEquals(0, json.code(), json.toString());
    assertEquals(recording, JSON.readTree(json.out()).get("recording").get("recordingId").asText());
  }

  @Test
  void errorsAreOneLineWithAnExitCode() throws Exception {
    CliRun wrongKey = cli("tpk_not-a-key", "recordings", "ls", "--conversation", conversation);
    assertEquals(3, wrongKey.code(), wrongKey.toString());
    assertEquals("tapline recordings ls: 401 Unauthorized: the API key is unknown or revoked\n", wrongKey.err());
    assertEquals("", wrongKey.out());

    CliRun unknown = cli(key, "recordings", "get", "rec-unknown");
    assertEquals(4, unknown.code(), unknown.toString());
    assertTrue(unknown.err().startsWith("tapline recordings get: 404 Not Found: "), unknown.err());
    assertEquals(1, unknown.err().lines().count(), unknown.err());

    // another application's key does not see this recording
    CliRun theirs = cli(newKey("cli-other-" + System.nanoTime() % 100_000), "recordings", "get", recording);
    assertEquals(4, theirs.code(), theirs.toString());

    CliRun badPage = cli(key, "recordings", "ls", "--conversation", "no-such-conversation");
    assertEquals(4, badPage.code(), badPage.toString());

    // nothing listens on port 1
    CliRun down = CliRun.run("recordings", "ls", "--url", "http://127.0.0.1:1", "--api-key", key);
    assertEquals(6, down.code(), down.toString());
    assertTrue(down.err().contains("cannot reach http://127.0.0.1:1"), down.err());
  }

  @Test
  void filesLsAndGetAgainstTheRealEndpoints() throws Exception {
    byte[] data = new byte[300_000];
    new java.util.Random(7).nextBytes(data);
    Response up = upload(conversation, key, new Multipart().field("uploader", "alice")
        .file("file", "notes.bin", "application/octet-stream", data));
    assertEquals(201, up.status(), up.body());
    String fileId = up.json().get("fileId").asText();

    CliRun ls = cli(key, "files", "ls", "--conversation", conversation);
    assertEquals(0, ls.code(), ls.toString());
    assertTrue(ls.out().lines().anyMatch(l -> l.startsWith(fileId) && l.contains("notes.bin")), ls.out());

    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cli-files");
    // through the presigned redirect, sha256 checked against the listing
    java.nio.file.Path viaRedirect = dir.resolve("a.bin");
    CliRun get = cli(key, "files", "get", fileId, "--conversation", conversation, "-o", viaRedirect.toString());
    assertEquals(0, get.code(), get.toString());
    assertEquals(sha256(data), sha256(java.nio.file.Files.readAllBytes(viaRedirect)));
    // streamed by the server
    java.nio.file.Path viaServer = dir.resolve("b.bin");
    CliRun streamed = cli(key, "files", "get", fileId, "--via-server", "-o", viaServer.toString());
    assertEquals(0, streamed.code(), streamed.toString());
    assertEquals(sha256(data), sha256(java.nio.file.Files.readAllBytes(viaServer)));

    CliRun theirs = cli(newKey("cli-files-other-" + System.nanoTime() % 100_000), "files", "get", fileId,
        "-o", dir.resolve("c.bin").toString());
    assertEquals(4, theirs.code(), theirs.toString());
    assertTrue(!java.nio.file.Files.exists(dir.resolve("c.bin")), "nothing written for a refused download");
  }
}
