package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32C;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The embedded server's two listeners: HTTPS with a per-instance self-signed certificate ({@link
 * EmbeddedS3Server#secureSettings}) and plain HTTP ({@link EmbeddedS3Server#settings}); SigV4 and
 * the CRC32C part checksum are checked on both.
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
    try (var s3 = S3Clients.client(server.secureSettings("it-tls"))) {
      String wrong = crc32c(random(100_000, 2));
      var e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("it-tls")
          .key("it/bad-crc.bin").checksumCRC32C(wrong), RequestBody.fromBytes(data)));
      assertEquals(400, e.statusCode(), e.getMessage());
      assertTrue(store.head("it/bad-crc.bin").isEmpty());
      s3.putObject(b -> b.bucket("it-tls").key("it/good-crc.bin").checksumCRC32C(crc32c(data)),
          RequestBody.fromBytes(data));
      assertTrue(store.head("it/good-crc.bin").isPresent());
    }
  }

  @Test
  void multipartUploadCarriesACrc32cPerPartOverHttpsAndOverSignedHttp() throws Exception {
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
