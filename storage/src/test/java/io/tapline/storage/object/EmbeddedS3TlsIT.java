package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The embedded server's two listeners: HTTPS with a per-instance self-signed certificate ({@link
 * EmbeddedS3Server#secureSettings}) and plain HTTP ({@link EmbeddedS3Server#settings}); SigV4 and
 * the CRC32C part checksum are checked on both, and payloads go unsigned on both unless asked.
 */
class EmbeddedS3TlsIT {
  private static final int MIB = 1024 * 1024;
  @TempDir static Path tmp;
  static EmbeddedS3Server server;
  static ObjectStore store;

  @BeforeAll
  static void start() {
    server = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
    store = new ObjectStore(server.secureSettings("it-tls"));
    store.ensureBucket();
  }

  @AfterAll
  static void stop() {
    store.close();
    server.stop();
  }

  @Test
  void secureSettingsUseHttpsPinnedToThisServersCertificate() throws Exception {
    S3Settings s = server.secureSettings("it-tls");
    assertEquals("https", s.endpoint().getScheme());
    assertTrue(s.https());
    assertEquals(server.certificatePem(), s.trustedCertificatesPem());
    assertEquals("http", server.settings("it-tls").endpoint().getScheme(), "the default");
    var get = HttpRequest.newBuilder(server.secureEndpoint().resolve("/it-tls")).build();
    // Neither the JVM's CAs nor another instance's certificate vouch for it.
    assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(get,
        HttpResponse.BodyHandlers.discarding()));
    try (var other = EmbeddedS3Server.withDefaults(tmp.resolve("other"))) {
      HttpClient wrongPin = HttpClient.newBuilder()
          .sslContext(TrustedCertificates.clientContext(other.certificatePem())).build();
      assertThrows(SSLHandshakeException.class, () -> wrongPin.send(get,
          HttpResponse.BodyHandlers.discarding()));
    }
    HttpClient pinned = HttpClient.newBuilder()
        .sslContext(TrustedCertificates.clientContext(server.certificatePem())).build();
    // Reached over TLS, then refused: no signature.
    assertEquals(403, pinned.send(get, HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  void wrongCredentialsAreRefusedOnBothListeners() {
    for (var base : new S3Settings[] {server.secureSettings("it-tls"), plainHttp()}) {
      var wrong = base.toBuilder().credentials("tapline", "not-it").retry(RetryPolicy.NONE)
          .build();
      try (var bad = new ObjectStore(wrong)) {
        var e = assertThrows(RuntimeException.class, () -> bad.put("it/denied.bin",
            new ByteArrayInputStream(new byte[10]), "application/octet-stream"));
        assertTrue(e.getMessage().contains("403") || e.getMessage().contains("Access Denied")
            || e.getMessage().contains("SignatureDoesNotMatch"), e.getMessage());
      }
      assertTrue(store.head("it/denied.bin").isEmpty());
    }
  }

  @Test
  void aBodyThatDoesNotMatchItsCrc32cIsRefused() {
    byte[] data = random(100_000, 1);
    String wrong = crc32c(random(100_000, 2));
    // Over plain HTTP to 127.0.0.1 the payload is unsigned too: the CRC32C is what checks it.
    for (var settings : new S3Settings[] {server.secureSettings("it-tls"), plainHttp()}) {
      String scheme = settings.endpoint().getScheme();
      try (var s3 = S3Clients.client(settings)) {
        var e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("it-tls")
            .key("it/bad-crc-" + scheme + ".bin").checksumCRC32C(wrong),
            RequestBody.fromBytes(data)));
        assertEquals(400, e.statusCode(), e.getMessage());
        assertTrue(store.head("it/bad-crc-" + scheme + ".bin").isEmpty());
        s3.putObject(b -> b.bucket("it-tls").key("it/good-crc-" + scheme + ".bin")
            .checksumCRC32C(crc32c(data)), RequestBody.fromBytes(data));
        assertTrue(store.head("it/good-crc-" + scheme + ".bin").isPresent());
      }
    }
  }

  @Test
  void plainHttpToLoopbackSendsUnsignedPayloadsUnderASigV4SignatureUnlessToldToSign()
      throws Exception {
    byte[] data = random(6 * MIB + 7, 4);
    for (var signing : PayloadSigning.values()) {
      S3Settings s = plainHttp().toBuilder().payloadSigning(signing).partSizeBytes(5 * MIB)
          .multipartThresholdBytes(5 * MIB).build();
      String key = "it/wire-" + signing + ".bin";
      List<String> contentHashes = new CopyOnWriteArrayList<>();
      ExecutionInterceptor wire = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
          var r = c.httpRequest();
          if (r.method() == SdkHttpMethod.PUT && r.firstMatchingHeader("x-amz-checksum-crc32c")
              .isPresent()) {
            assertTrue(r.firstMatchingHeader("Authorization").orElse("")
                .startsWith("AWS4-HMAC-SHA256 "), "SigV4 on every request");
            assertEquals("http", r.protocol());
            contentHashes.add(r.firstMatchingHeader("x-amz-content-sha256").orElse(""));
          }
        }
      };
      MultipartUploader.Result single;
      MultipartUploader.Result parts;
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try (var s3 = S3Clients.client(s, List.of(wire))) {
        var uploader = new MultipartUploader(s3, s, new Retrier(RetryPolicy.NONE), pool,
            new PartBuffers(5 * MIB, 3));
        // The observer (ContentStore's SHA-256) sees every byte once, in order.
        var seen = new ByteArrayOutputStream();
        single = uploader.upload(key + ".single", new ByteArrayInputStream(data, 0, MIB),
            "video/mp4", Map.of(), null, id -> {}, true, seen::write);
        assertArrayEquals(Arrays.copyOf(data, MIB), seen.toByteArray());
        seen.reset();
        parts = uploader.upload(key, new ByteArrayInputStream(data), "video/mp4", Map.of(),
            null, id -> {}, true, seen::write);
        assertArrayEquals(data, seen.toByteArray());
      } finally {
        pool.shutdownNow();
      }
      assertEquals(0, single.parts());
      assertEquals(2, parts.parts());
      assertEquals(3, contentHashes.size(), contentHashes.toString());
      for (String h : contentHashes) {
        if (signing == PayloadSigning.SIGNED) {
          assertTrue(h.matches("[0-9a-f]{64}"), "signed payload: its SHA-256, got " + h);
        } else {
          assertEquals("UNSIGNED-PAYLOAD", h);
        }
      }
      try (InputStream in = store.get(key)) {
        assertArrayEquals(data, in.readAllBytes());
      }
    }
  }

  @Test
  void multipartUploadCarriesACrc32cPerPartOverHttpsAndOverHttp() throws Exception {
    byte[] data = random(12 * MIB + 5, 3); // three 5 MiB parts
    for (var s : new S3Settings[] {server.secureSettings("it-tls"), plainHttp()}) {
      try (var objects = new ObjectStore(s.toBuilder().partSizeBytes(5 * MIB)
          .multipartThresholdBytes(5 * MIB).build());
          var s3 = S3Clients.client(s)) {
        String key = "it/parts-" + s.endpoint().getScheme() + ".bin";
        var stored = objects.put(key, new ByteArrayInputStream(data), "video/mp4");
        assertEquals(3, stored.parts());
        try (InputStream in = objects.get(key)) {
          assertArrayEquals(data, in.readAllBytes());
        }
        // The server kept (and so received and checked) a CRC32C for the parts.
        var head = s3.headObject(b -> b.bucket("it-tls").key(key)
            .checksumMode(ChecksumMode.ENABLED));
        assertNotNull(head.checksumCRC32C(), "no CRC32C stored for " + key);
      }
    }
  }

  static S3Settings plainHttp() {
    return server.settings("it-tls");
  }

  static String crc32c(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    long v = c.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16),
        (byte) (v >>> 8), (byte) v});
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
