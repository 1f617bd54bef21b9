package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import io.tapline.storage.crypto.EnvelopeCipher;
import io.tapline.storage.crypto.KeyRing;
import io.tapline.storage.crypto.KeyUnavailableException;
import io.tapline.storage.crypto.MasterKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP against the embedded S3Proxy, which checks SigV4 and presigned signatures. */
class ObjectStoreIT {
  @TempDir static Path tmp;
  static EmbeddedS3Server server;
  static ObjectStore store;
  static Path big;
  static String bigSha;

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
    store = new ObjectStore(server.settings("it-objects"));
    store.ensureBucket();
    big = tmp.resolve("big.bin");
    bigSha = writeRandom(big, 100L * 1024 * 1024, 42);
  }

  @AfterAll
  static void stop() {
    store.close();
    server.stop();
  }

  @Test
  void multipartUploadOf100MegabytesReadsBackIdentical() throws Exception {
    var content = new ContentStore(store, null, new DirectoryUploadJournal(tmp.resolve("j1")));
    StoredContent s = content.putFile("it/big.bin", big, "application/octet-stream");
    assertEquals(100L * 1024 * 1024, s.size());
    assertEquals(bigSha, s.sha256());
    var info = store.head("it/big.bin").orElseThrow();
    assertEquals(s.size(), info.size());
    assertTrue(info.eTag().endsWith("-7\""), "16 MiB parts: 7 parts, got " + info.eTag());
    try (InputStream in = store.get("it/big.bin")) {
      assertEquals(bigSha, sha256(in));
    }
    assertTrue(store.unfinishedUploads("it/").isEmpty());
  }

  @Test
  void rangeReadsReturnExactlyTheRequestedBytes() throws Exception {
    byte[] data = random(3 * 1024 * 1024 + 7, 3);
    store.put("it/range.bin", new java.io.ByteArrayInputStream(data), "application/octet-stream");
    long[][] ranges = {{0, 0}, {100, 1_000_099}, {data.length - 10, data.length - 1}};
    for (long[] r : ranges) {
      try (InputStream in = store.get("it/range.bin", r[0], r[1])) {
        assertArrayEquals(Arrays.copyOfRange(data, (int) r[0], (int) r[1] + 1), in.readAllBytes());
      }
    }
    assertThrows(StorageException.class,
        () -> store.get("it/range.bin", data.length + 5, data.length + 10).readAllBytes());
    assertThrows(NotFoundException.class, () -> store.get("it/nope.bin"));
  }

  @Test
  void presignedUrlWorksForAPlainClientAndIsRefusedWhenExpiredOrTampered() throws Exception {
    byte[] data = random(200_000, 5);
    store.put("it/presigned.bin", new java.io.ByteArrayInputStream(data), "video/mp4");
    HttpClient http = HttpClient.newHttpClient();
    URI url = store.presignGet("it/presigned.bin", Duration.ofMinutes(5));
    var ok = http.send(HttpRequest.newBuilder(url).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, ok.statusCode());
    assertArrayEquals(data, ok.body());
    var ranged = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=10-19").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, ranged.statusCode());
    assertArrayEquals(Arrays.copyOfRange(data, 10, 20), ranged.body());

    URI otherKey = URI.create(url.toString().replace("presigned.bin", "presigned.bim"));
    assertEquals(403, status(http, otherKey));
    String s = url.toString();
    int sig = s.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
    char c = s.charAt(sig);
    URI badSig = URI.create(s.substring(0, sig) + (c == 'a' ? 'b' : 'a') + s.substring(sig + 1));
    assertEquals(403, status(http, badSig));
    URI longer = URI.create(s.replaceFirst("X-Amz-Expires=\\d+", "X-Amz-Expires=604800"));
    assertEquals(403, status(http, longer));

    // X-Amz-Date has whole seconds, so a URL's life starts up to 1 s before it was asked for:
    // leave the first fetch several seconds, then wait until the signed time plus expiry is over.
    URI shortLived = store.presignGet("it/presigned.bin", Duration.ofSeconds(5));
    assertEquals(200, status(http, shortLived));
    Instant expiresAt = signedAt(shortLived).plusSeconds(5);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 1_500);
    assertEquals(403, status(http, shortLived));
  }

  @Test
  void wrongCredentialsAreRefusedBySigV4() {
    var wrong = server.settings("it-objects").toBuilder().credentials("tapline", "not-it")
        .retry(RetryPolicy.NONE).build();
    try (var bad = new ObjectStore(wrong)) {
      var e = assertThrows(RuntimeException.class, () -> bad.get("it/range.bin"));
      assertTrue(e.getMessage().contains("403") || e.getMessage().contains("Forbidden")
          || e.getMessage().contains("Access Denied"), e.getMessage());
    }
  }

  @Test
  void encryptedObjectsReadBackIdenticalOnlyWithTheKey() throws Exception {
    var key = new MasterKey("ops-1", random(32, 77));
    var enc = new ContentStore(store, new EnvelopeCipher(KeyRing.of(key)),
        new DirectoryUploadJournal(tmp.resolve("j2")));
    byte[] data = random(20 * 1024 * 1024 + 123, 8); // multipart, not chunk-aligned
    Path f = tmp.resolve("secret.bin");
    Files.write(f, data);
    StoredContent s = enc.putFile("it/secret.bin", f, "video/webm");
    assertTrue(s.encrypted());
    assertEquals(data.length, s.size());
    assertTrue(s.storedSize() > data.length);
    try (InputStream raw = store.get("it/secret.bin")) {
      byte[] stored = raw.readAllBytes();
      assertEquals(-1, indexOf(stored, Arrays.copyOfRange(data, 1000, 1032)),
          "plaintext must not appear in the stored object");
    }
    try (InputStream in = enc.open("it/secret.bin")) {
      assertArrayEquals(data, in.readAllBytes());
    }
    try (InputStream in = enc.open("it/secret.bin", 65_000, 300_000)) {
      assertArrayEquals(Arrays.copyOfRange(data, 65_000, 300_001), in.readAllBytes());
    }
    assertEquals(data.length, enc.size("it/secret.bin"));
    var noKey = new ContentStore(store, null, UploadJournal.NONE);
    assertThrows(KeyUnavailableException.class, () -> noKey.open("it/secret.bin"));
    var otherKey = new ContentStore(store, new EnvelopeCipher(KeyRing.of(new MasterKey("ops-2",
        random(32, 78)))), UploadJournal.NONE);
    assertThrows(KeyUnavailableException.class, () -> otherKey.open("it/secret.bin"));
    assertThrows(StorageException.class, () -> enc.presignGet("it/secret.bin",
        Duration.ofMinutes(1)));
  }

  @Test
  void streamOverTheLimitStoresNothing() throws IOException {
    var content = new ContentStore(store, null, UploadJournal.NONE);
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 7;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        Arrays.fill(b, off, off + len, (byte) 7);
        return len;
      }
    };
    var e = assertThrows(ObjectTooLargeException.class,
        () -> content.putStream("it/too-large.bin", endless, "application/octet-stream",
            40L * 1024 * 1024));
    assertTrue(e.isCallerFault());
    assertTrue(store.head("it/too-large.bin").isEmpty());
    assertTrue(store.unfinishedUploads("it/too-large").isEmpty(), "upload must be aborted");
    // Nor on the server's disk: no part that was on its way when the limit was hit lands after
    // the abort (the S3 listing no longer shows such parts, but they would take the space).
    try (var files = Files.walk(server.dataDir())) {
      var left = files.filter(f -> f.getFileName().toString().contains("too-large")).toList();
      assertTrue(left.isEmpty(), "parts left on disk: " + left);
    }
  }

  /** The signing time a presigned URL carries (X-Amz-Date, basic ISO 8601 in UTC). */
  static Instant signedAt(URI u) {
    var m = java.util.regex.Pattern.compile("X-Amz-Date=(\\d{8}T\\d{6}Z)").matcher(u.getRawQuery());
    assertTrue(m.find(), u.toString());
    return java.time.LocalDateTime.parse(m.group(1),
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        .toInstant(java.time.ZoneOffset.UTC);
  }

  static int status(HttpClient http, URI u) throws Exception {
    return http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String writeRandom(Path f, long size, long seed) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    Random r = new Random(seed);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(f)) {
      for (long done = 0; done < size; done += buf.length) {
        r.nextBytes(buf);
        int n = (int) Math.min(buf.length, size - done);
        out.write(buf, 0, n);
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      d.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
