package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.storage.crypto.EnvelopeCipher;
import io.tapline.storage.crypto.KeyRing;
import io.tapline.storage.crypto.MasterKey;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.ObjectInfo;
import io.tapline.storage.object.ObjectStore;
import io.tapline.storage.object.UploadJournal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 6, encryption at rest through the application: with master keys configured
 * ({@code tapline.storage.encryption-keys}), every object a recording and an exchanged file leave in
 * the bucket is ciphertext under the first key, the API still serves the plaintext (streamed, as a
 * presigned URL would hand out ciphertext; HLS segments behind signed links to the server),
 * post-processing reads the encrypted segments back, an
 * object under the second (rotated-out) key still opens, and one under a key this node was not
 * given is refused with a problem that names the key.
 */
@DirtiesContext
@ContextConfiguration(initializers = AppTestSupport.OwnDataDir.class)
class EncryptionAtRestIT extends AppTestSupport {
  static final MasterKey CURRENT = new MasterKey("it-2026", random(32, 1));
  static final MasterKey ROTATED = new MasterKey("it-2025", random(32, 2));
  static final byte[] MAGIC = "TPE1".getBytes(StandardCharsets.US_ASCII);

  @Autowired ObjectStore objects;

  @DynamicPropertySource
  static void keys(DynamicPropertyRegistry r) {
    r.add("tapline.storage.encryption-keys", () -> spec(CURRENT, 1) + "," + spec(ROTATED, 2));
  }

  @BeforeAll
  static void ffprobe() {
    Ffprobe.assumeInstalled();
  }

  @Test
  void recordingsAndFilesAreStoredEncryptedAndServedInTheClear() throws Exception {
    String key = newKey("sealed");
    String rec = finalizedRecording(key, "sealed", 2);
    JsonNode recording = get("/api/v1/recordings/" + rec, key).json();
    String conv = recording.get("conversationId").asText();

    // A file exchanged in the same conversation; a marker that must not appear in the bucket.
    byte[] marker = "tapline-plaintext-marker-0123456789".getBytes(StandardCharsets.US_ASCII);
    byte[] data = random(700_000, 3);
    System.arraycopy(marker, 0, data, 100_000, marker.length);
    Response up = upload(conv, key, new Multipart().file("file", "minutes.bin",
        "application/octet-stream", data));
    assertEquals(201, up.status(), up.body());
    String fileId = up.json().get("fileId").asText();
    assertEquals(sha256(data), up.json().get("sha256").asText(), "the plaintext's checksum");

    // Every object of the conversation (segments, manifest, per-track files, composition, file) is
    // an envelope under the current key, and no stored byte run is the file's.
    List<ObjectInfo> stored = objects.list("conversations/" + conv + "/");
    List<String> kinds = new ArrayList<>();
    for (ObjectInfo o : stored) {
      byte[] raw;
      try (InputStream in = objects.get(o.key())) {
        raw = in.readAllBytes();
      }
      assertArrayEquals(MAGIC, Arrays.copyOf(raw, 4), o.key() + " is not an envelope");
      assertEquals(CURRENT.id(), new String(raw, 5, raw[4], StandardCharsets.UTF_8), o.key());
      assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains(
          new String(marker, StandardCharsets.ISO_8859_1)), o.key() + " holds plaintext");
      kinds.add(o.key().replaceAll(".*/recordings/[^/]+/([^/]+)/.*", "$1"));
    }
    assertTrue(kinds.contains("segments") && kinds.contains("tracks")
        && kinds.contains("compositions"), "stored: " + stored);

    // The API serves plaintext: the file whole and by range, streamed even when a redirect is
    // asked for (a presigned URL would hand out ciphertext).
    HttpResponse<byte[]> whole = getBytes("/api/v1/files/" + fileId + "/content", key);
    assertEquals(200, whole.statusCode(), "streamed, not redirected");
    assertArrayEquals(data, whole.body());
    HttpResponse<byte[]> part = getBytes("/api/v1/files/" + fileId + "/content", key,
        "Range", "bytes=99990-100099");
    assertEquals(206, part.statusCode());
    assertArrayEquals(Arrays.copyOfRange(data, 99_990, 100_100), part.body());

    // A per-track file and the finalize composition decode; their checksums are the plaintext's.
    JsonNode outputs = get("/api/v1/recordings/" + rec + "/outputs", key).json();
    int probed = 0;
    for (JsonNode o : outputs.get("items")) {
      String id = o.get("outputId").asText();
      if (!id.equals("track-bob-cam") && !o.get("kind").asText().equals("composition")) {
        continue;
      }
      HttpResponse<byte[]> body = getBytes("/api/v1/recordings/" + rec + "/outputs/" + id + "/content", key);
      assertEquals(200, body.statusCode(), id);
      assertEquals(o.get("sha256").asText(), sha256(body.body()), id);
      Path file = Files.createTempFile(id, o.get("contentType").asText().endsWith("mp4") ? ".mp4" : ".webm");
      Files.write(file, body.body());
      assertEquals("", io.tapline.jobs.batch.fixture.Ffprobe.decodeErrors(file), id);
      assertTrue(Ffprobe.countVideoFrames(file) >= 20, id + ": 2 s at 15 fps");
      probed++;
    }
    assertEquals(2, probed, outputs.toString());

    // Post-processing reads the encrypted segments back from the bucket.
    Response asked = post("/api/v1/recordings/" + rec + "/compositions", key,
        "{\"layout\":\"active-speaker\",\"format\":\"mp4\",\"width\":160,\"height\":90,\"fps\":10}");
    assertEquals(202, asked.status(), asked.body());
    JsonNode done = awaitComposition(key, asked.json().get("compositionId").asText());
    assertEquals("available", done.get("status").asText(), done.toString());
    HttpResponse<byte[]> mp4 = getBytes("/api/v1/compositions/" + done.get("compositionId").asText()
        + "/content", key);
    assertEquals(200, mp4.statusCode());
    Path composed = Files.createTempFile("recomposed", ".mp4");
    Files.write(composed, mp4.body());
    assertEquals("", io.tapline.jobs.batch.fixture.Ffprobe.decodeErrors(composed));
    assertEquals(2.0, Ffprobe.duration(Ffprobe.probe(composed)), 0.3);

    // HLS: the segments cannot be presigned, so the playlist names signed links to this server,
    // which a player follows without an API key and gets plaintext from.
    Response hlsAsked = post("/api/v1/recordings/" + rec + "/compositions", key,
        "{\"layout\":\"grid\",\"format\":\"hls\",\"width\":160,\"height\":90,\"fps\":10,\"segmentSeconds\":1}");
    assertEquals(202, hlsAsked.status(), hlsAsked.body());
    String hlsId = hlsAsked.json().get("compositionId").asText();
    assertEquals("available", awaitComposition(key, hlsId).get("status").asText());
    HttpResponse<byte[]> hlsRedirect = getBytes("/api/v1/compositions/" + hlsId + "/content", key);
    assertEquals(302, hlsRedirect.statusCode());
    String link = hlsRedirect.headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> playlist = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, playlist.statusCode());
    List<String> uris = CompositionsApiIT.playlistUris(new String(playlist.body(), StandardCharsets.UTF_8));
    assertTrue(uris.size() >= 2, "init + segments (2 s, cut at keyframes): " + uris);
    for (String u : uris) {
      assertTrue(u.startsWith("/hls/" + hlsId + "/") && u.contains("&signature="), u);
      HttpResponse<byte[]> seg = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + u))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, seg.statusCode(), u);
      assertFalse(seg.body().length < 8 || Arrays.equals(MAGIC, Arrays.copyOf(seg.body(), 4)), u + ": plaintext");
    }
    JsonNode hlsProbe = CompositionsApiIT.probeUrl(link);
    assertEquals(160, Ffprobe.stream(hlsProbe, "video").get("width").asInt());
    assertEquals(2.0, hlsProbe.get("format").get("duration").asDouble(), 0.5, hlsProbe.toString());
    assertEquals("", CompositionsApiIT.decodeErrors(link));
    String segment = uris.get(uris.size() - 1);
    String otherFile = segment.replaceFirst("/hls/([^/]+)/[^?]+", "/hls/$1/" + uris.get(0).replaceAll(".*/|\\?.*", ""));
    for (String forged : List.of(segment.replace("signature=", "signature=0"), otherFile,
        segment.replaceFirst("expires=\\d+", "expires=4102444800"))) {
      send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + forged)).build())
          .problem(403, "link-invalid");
    }

    // Key rotation: an object under the second key still opens. A node without the key refuses
    // with a problem naming it (the object is rewritten in place under each key to get there).
    String objectKey = null;
    for (ObjectInfo o : objects.list("conversations/" + conv + "/files/")) {
      objectKey = o.key();
    }
    reseal(objectKey, data, ROTATED);
    HttpResponse<byte[]> rotated = getBytes("/api/v1/files/" + fileId + "/content", key);
    assertEquals(200, rotated.statusCode());
    assertArrayEquals(data, rotated.body());
    reseal(objectKey, data, new MasterKey("it-lost", random(32, 5)));
    JsonNode problem = get("/api/v1/files/" + fileId + "/content", key).problem(503, "key-unavailable");
    assertTrue(problem.get("detail").asText().contains("'it-lost'"), problem.toString());
    assertFalse(problem.toString().contains(Base64.getEncoder().encodeToString(random(32, 5))));
  }

  private void reseal(String objectKey, byte[] plain, MasterKey under) {
    new ContentStore(objects, new EnvelopeCipher(KeyRing.of(under)), UploadJournal.NONE)
        .putStream(objectKey, new ByteArrayInputStream(plain), "application/octet-stream", 1 << 20);
  }

  private static String spec(MasterKey k, long seed) {
    return k.id() + ":" + Base64.getEncoder().encodeToString(random(32, seed));
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
