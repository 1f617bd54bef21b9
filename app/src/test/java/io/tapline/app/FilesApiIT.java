package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.jobs.webhook.WebhookSignature;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Files exchanged in conversations over real HTTP: a multipart upload of several MB, checksums on
 * download (streamed whole, by Range, and through the presigned URL), paging, delete, the webhook
 * events, and the errors (auth, another application's files, validation, size).
 */
class FilesApiIT extends AppTestSupport {
  static final int SIZE = 5 * 1024 * 1024 + 123;

  @Test
  void uploadsListsDownloadsAndDeletesFiles() throws Exception {
    String key = newKey("files-app");
    String conv = createConversation(key, "Files");
    try (HookReceiver hooks = new HookReceiver()) {
      Response hook = post("/api/v1/webhooks", key, "{\"url\":\"" + hooks.url()
          + "\",\"eventTypes\":[\"file.uploaded\",\"file.deleted\"]}");
      assertEquals(201, hook.status(), hook.body());
      String secret = hook.json().get("secret").asText();

      byte[] data = new byte[SIZE];
      new Random(7).nextBytes(data);
      byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(pdf, 0, data, 0, pdf.length);
      Response up = upload(conv, key, new Multipart().field("uploader", "alice")
          .file("file", "../../Report.pdf", "application/octet-stream", data));
      assertEquals(201, up.status(), up.body());
      JsonNode f = up.json();
      String id = f.get("fileId").asText();
      assertEquals(conv, f.get("conversationId").asText());
      assertEquals(SIZE, f.get("size").asLong());
      assertEquals(sha256(data), f.get("sha256").asText());
      assertEquals("application/pdf", f.get("contentType").asText(), "sniffed from the bytes");
      assertEquals("alice", f.get("uploader").asText());
      String name = f.get("name").asText();
      assertTrue(name.endsWith("Report.pdf") && !name.contains("/"), "a label, never a path: " + name);
      assertTrue(Instant.parse(f.get("createdAt").asText()).isAfter(Instant.now().minusSeconds(120)));

      assertEquals(id, get("/api/v1/files/" + id, key).json().get("fileId").asText());

      // Streamed whole
      HttpResponse<byte[]> whole = getBytes("/api/v1/files/" + id + "/content?redirect=false", key);
      assertEquals(200, whole.statusCode());
      assertEquals(sha256(data), sha256(whole.body()));
      assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
      assertEquals("application/pdf", whole.headers().firstValue("Content-Type").orElse(""));
      assertTrue(whole.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
      // Ranges (RFC 9110 section 14)
      HttpResponse<byte[]> part = getBytes("/api/v1/files/" + id + "/content?redirect=false", key,
          "Range", "bytes=1000000-1999999");
      assertEquals(206, part.statusCode());
      assertEquals("bytes 1000000-1999999/" + SIZE, part.headers().firstValue("Content-Range").orElse(""));
      assertArrayEquals(Arrays.copyOfRange(data, 1_000_000, 2_000_000), part.body());
      HttpResponse<byte[]> tail = getBytes("/api/v1/files/" + id + "/content?redirect=false", key,
          "Range", "bytes=-100");
      assertEquals(206, tail.statusCode());
      assertArrayEquals(Arrays.copyOfRange(data, SIZE - 100, SIZE), tail.body());
      HttpResponse<byte[]> outside = getBytes("/api/v1/files/" + id + "/content?redirect=false", key,
          "Range", "bytes=" + SIZE + "-");
      assertEquals(416, outside.statusCode());
      assertEquals("bytes */" + SIZE, outside.headers().firstValue("Content-Range").orElse(""));
      // The default: a redirect to a presigned URL, fetched without the API key
      HttpResponse<byte[]> redirect = getBytes("/api/v1/files/" + id + "/content", key);
      assertEquals(302, redirect.statusCode());
      URI presigned = URI.create(redirect.headers().firstValue("Location").orElseThrow());
      assertEquals("127.0.0.1", presigned.getHost());
      HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(presigned).timeout(Duration.ofSeconds(30))
          .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, fetched.statusCode());
      assertEquals(sha256(data), sha256(fetched.body()));

      // A second one, sent chunked (no Content-Length): streamed the same way
      byte[] small = "hello, files".getBytes(StandardCharsets.UTF_8);
      Multipart m = new Multipart().file("file", "hello.txt", "text/plain", small);
      byte[] body = m.body();
      Response chunked = send(request("/api/v1/conversations/" + conv + "/files", key)
          .header("Content-Type", m.contentType())
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
      assertEquals(201, chunked.status(), chunked.body());
      assertEquals("files-app", chunked.json().get("uploader").asText(), "no uploader: the application");
      String second = chunked.json().get("fileId").asText();

      JsonNode page = get("/api/v1/conversations/" + conv + "/files?limit=1", key).json();
      assertEquals(2, page.get("total").asInt());
      assertEquals(1, page.get("items").size());
      assertEquals(id, page.get("items").get(0).get("fileId").asText(), "oldest first");
      JsonNode page2 = get("/api/v1/conversations/" + conv + "/files?limit=1&offset=1", key).json();
      assertEquals(second, page2.get("items").get(0).get("fileId").asText());

      assertEquals(204, delete("/api/v1/files/" + id, key).status());
      get("/api/v1/files/" + id, key).problem(404, "not-found");
      delete("/api/v1/files/" + id, key).problem(404, "not-found");
      assertEquals(1, get("/api/v1/conversations/" + conv + "/files", key).json().get("total").asInt());

      HookReceiver.Received uploaded = hooks.await(r -> "file.uploaded".equals(r.event())
          && new String(r.body(), StandardCharsets.UTF_8).contains(id), 30);
      HookReceiver.Received deleted = hooks.await(r -> "file.deleted".equals(r.event()), 30);
      for (HookReceiver.Received r : new HookReceiver.Received[] {uploaded, deleted}) {
        assertEquals(WebhookSignature.Verdict.VALID, WebhookSignature.verify(secret, r.signature(), r.body(),
            Instant.now(), Duration.ofMinutes(5)));
      }
      JsonNode event = JSON.readTree(uploaded.body());
      assertTrue(event.toString().contains(sha256(data)), event.toString());
    }
  }

  @Test
  void refusesWhatItShould() throws Exception {
    String key = newKey("files-strict");
    String other = newKey("files-other");
    String conv = createConversation(key, "Strict");
    byte[] small = "abc".getBytes(StandardCharsets.US_ASCII);
    String id = upload(conv, key, new Multipart().file("file", "a.txt", "text/plain", small)).json()
        .get("fileId").asText();

    // Authentication and scoping
    upload(conv, null, new Multipart().file("file", "a.txt", "text/plain", small)).problem(401, "unauthorized");
    get("/api/v1/files/" + id, "tpk_wrong-0000000000000000000000000000000000").problem(401, "unauthorized");
    upload(conv, other, new Multipart().file("file", "a.txt", "text/plain", small)).problem(404, "not-found");
    get("/api/v1/conversations/" + conv + "/files", other).problem(404, "not-found");
    get("/api/v1/files/" + id, other).problem(404, "not-found");
    get("/api/v1/files/" + id + "/content", other).problem(404, "not-found");
    delete("/api/v1/files/" + id, other).problem(404, "not-found");
    assertEquals(200, get("/api/v1/files/" + id, key).status(), "still there");

    // Validation
    upload(conv, key, new Multipart().field("uploader", "a b").file("file", "a.txt", "text/plain", small))
        .problem(400, "validation");
    upload(conv, key, new Multipart().field("uploader", "alice")).problem(400, "validation");
    post("/api/v1/conversations/" + conv + "/files", key, "{}").problem(415, "unsupported-media-type");
    get("/api/v1/conversations/" + conv + "/files?limit=0", key).problem(400, "validation");
    get("/api/v1/files/not%20an%20id", key).problem(404, "not-found");
    get("/api/v1/files/" + id + "/content?redirect=maybe", key).problem(400, "validation");

    // Too large, by its declared length: refused before a byte is read (raw socket, so the
    // answer is read although the body is never sent)
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/v1/conversations/" + conv + "/files HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + key + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
          + "Content-Length: " + (9L * 1024 * 1024) + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Read the answer only: the server still waits for the body it will discard.
      InputStream in = s.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buf = new byte[4096];
      while (!(answer.indexOf("too-large") > 0 && answer.lastIndexOf("}") > answer.indexOf("too-large"))) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        answer.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
      assertTrue(answer.toString().startsWith("HTTP/1.1 413"), answer.toString());
      assertTrue(answer.indexOf("application/problem+json") > 0, answer.toString());
    }
    // Too large, chunked (no declared length): counted while streaming
    byte[] big = new byte[8 * 1024 * 1024 + 10];
    Multipart m = new Multipart().file("file", "big.bin", "application/octet-stream", big);
    byte[] body = m.body();
    Response chunked = send(request("/api/v1/conversations/" + conv + "/files", key)
        .header("Content-Type", m.contentType())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    chunked.problem(413, "too-large");
    assertEquals(1, get("/api/v1/conversations/" + conv + "/files", key).json().get("total").asInt(),
        "nothing kept of the refused uploads");
  }
}
