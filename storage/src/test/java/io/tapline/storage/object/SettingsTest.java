package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void backoffDoublesUpToTheCap() {
    var p = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(30));
    assertEquals(100, p.backoff(1).toMillis());
    assertEquals(200, p.backoff(2).toMillis());
    assertEquals(800, p.backoff(4).toMillis());
    assertEquals(1000, p.backoff(5).toMillis());
    assertEquals(1000, p.backoff(200).toMillis());
    assertThrows(IllegalArgumentException.class, () -> p.backoff(0));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(2),
        Duration.ofSeconds(1), Duration.ZERO));
  }

  @Test
  void s3SettingsValidateOnConstruction() {
    var ok = S3Settings.builder().endpoint(URI.create("http://127.0.0.1:9000")).build();
    assertEquals("tapline", ok.bucket());
    assertFalse(ok.toString().contains(ok.secretKey()), "secret never printed");
    assertThrows(IllegalArgumentException.class, () -> ok.toBuilder().bucket("Bad_Bucket")
        .build());
    assertThrows(IllegalArgumentException.class, () -> ok.toBuilder().partSizeBytes(1024)
        .build());
    assertThrows(IllegalArgumentException.class, () -> ok.toBuilder()
        .multipartThresholdBytes(5L << 20).partSizeBytes(8L << 20).build());
    assertThrows(IllegalArgumentException.class, () -> ok.toBuilder().uploadConcurrency(0)
        .build());
    assertThrows(IllegalArgumentException.class, () -> ok.toBuilder()
        .presignExpiry(Duration.ofDays(8)).build());
    assertThrows(IllegalArgumentException.class, () -> ok.toBuilder()
        .endpoint(URI.create("ftp://x")).build());
  }

  @Test
  void tlsTrustAndPartChecksumHaveSafeDefaultsAndRejectBadPem() {
    var plain = S3Settings.builder().endpoint(URI.create("http://127.0.0.1:9000")).build();
    assertFalse(plain.https());
    assertEquals(PartChecksum.CRC32C, plain.partChecksum());
    assertNull(plain.trustedCertificatesPem(), "the JVM's CAs unless told otherwise");
    assertTrue(S3Settings.builder().build().https(), "no endpoint means AWS, over HTTPS");
    String pem = LoopbackCertificate.generate().pem();
    var pinned = plain.toBuilder().endpoint(URI.create("https://127.0.0.1:9443"))
        .trustedCertificatesPem(pem).build();
    assertTrue(pinned.https());
    assertFalse(pinned.toString().contains("BEGIN CERTIFICATE"));
    assertEquals(1, TrustedCertificates.trustManagers(pem).length);
    assertThrows(IllegalArgumentException.class, () -> plain.toBuilder()
        .trustedCertificatesPem("-----BEGIN CERTIFICATE-----\nnot base64\n"
            + "-----END CERTIFICATE-----\n").build());
    assertThrows(IllegalArgumentException.class, () -> plain.toBuilder()
        .trustedCertificatesPem("").build());
    assertThrows(NullPointerException.class, () -> plain.toBuilder().partChecksum(null)
        .build());
  }

  @Test
  void payloadsAreSignedOnlyOverPlainHttpToAnotherHostByDefault() {
    var loopback = S3Settings.builder().endpoint(URI.create("http://127.0.0.1:9000")).build();
    assertEquals(PayloadSigning.AUTO, loopback.payloadSigning());
    assertFalse(loopback.signsPayload(), "the bytes never leave the machine");
    assertFalse(loopback.toBuilder().endpoint(URI.create("http://localhost:9000")).build()
        .signsPayload());
    assertFalse(loopback.toBuilder().endpoint(URI.create("http://[::1]:9000")).build()
        .signsPayload());
    assertFalse(loopback.toBuilder().endpoint(URI.create("http://127.8.0.1:9000")).build()
        .signsPayload());
    var remote = loopback.toBuilder().endpoint(URI.create("http://minio:9000")).build();
    assertTrue(remote.signsPayload(), "plain HTTP across a network");
    assertTrue(loopback.toBuilder().endpoint(URI.create("http://10.0.0.7:9000")).build()
        .signsPayload());
    assertTrue(loopback.toBuilder().endpoint(URI.create("http://[fe80::1]:9000")).build()
        .signsPayload());
    assertTrue(loopback.toBuilder().endpoint(URI.create("http://127.0.0.1.nip.io:9000"))
        .build().signsPayload(), "a name is not resolved, so not trusted as loopback");
    assertFalse(loopback.toBuilder().endpoint(URI.create("https://minio:9443")).build()
        .signsPayload(), "TLS protects the body");
    assertFalse(S3Settings.builder().build().signsPayload(), "AWS over HTTPS");
    assertTrue(loopback.toBuilder().payloadSigning(PayloadSigning.SIGNED).build()
        .signsPayload());
    assertFalse(remote.toBuilder().payloadSigning(PayloadSigning.UNSIGNED).build()
        .signsPayload());
    assertTrue(remote.toString().contains("payloadSigning=AUTO (signed: true)"));
    assertThrows(NullPointerException.class, () -> remote.toBuilder().payloadSigning(null)
        .build());
  }

  @Test
  void objectKeysRejectTraversalAndControlCharacters() {
    ObjectStore.checkKey("conversations/c1/files/f1");
    for (String bad : new String[] {"", "/abs", "a//b", "a/../b", "a\nb", null}) {
      assertThrows(io.tapline.storage.StorageException.class, () -> ObjectStore.checkKey(bad),
          String.valueOf(bad));
    }
  }
}
