package io.tapline.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.object.EmbeddedS3Server;
import io.tapline.storage.object.ExpectContinue;
import io.tapline.storage.object.PartChecksum;
import io.tapline.storage.object.PayloadSigning;
import io.tapline.storage.object.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code tapline.storage.s3-*} as documented in docs/configuration.md, bound the way the app binds them. */
class S3SettingsBindingTest {
  @TempDir Path dir;

  @Test
  void anExternalServiceTakesEverySetting() throws Exception {
    Path pem = dir.resolve("ca.pem");
    Files.writeString(pem, EmbeddedS3Server.withDefaults(dir.resolve("s3")).certificatePem());
    S3Settings s = StorageConfiguration.s3Settings(storage(Map.of(
        "tapline.storage.s3-endpoint", "https://s3.eu-west-3.amazonaws.com",
        "tapline.storage.s3-region", "eu-west-3",
        "tapline.storage.s3-access-key", "AKIA-IT",
        "tapline.storage.s3-secret-key", "secret-it",
        "tapline.storage.bucket", "recordings-it",
        "tapline.storage.s3-path-style", "false",
        "tapline.storage.s3-trusted-certificates", pem.toString(),
        "tapline.storage.s3-part-size", "64MB",
        "tapline.storage.s3-upload-concurrency", "8",
        "tapline.storage.s3-payload-signing", "signed")), null);
    assertEquals(URI.create("https://s3.eu-west-3.amazonaws.com"), s.endpoint());
    assertEquals("eu-west-3", s.region());
    assertEquals("recordings-it", s.bucket());
    assertFalse(s.pathStyle());
    assertEquals(Files.readString(pem), s.trustedCertificatesPem());
    assertEquals(64L << 20, s.partSizeBytes());
    assertEquals(64L << 20, s.multipartThresholdBytes());
    assertEquals(8, s.uploadConcurrency());
    assertEquals(PayloadSigning.SIGNED, s.payloadSigning());
    assertEquals(PartChecksum.CRC32C, s.partChecksum(), "default");
    assertEquals(ExpectContinue.AUTO, s.expectContinue(), "default");
    assertFalse(s.toString().contains("secret-it"));
  }

  @Test
  void theEmbeddedServerKeepsItsOwnAddressingAndTakesTheTuning() {
    S3Settings embedded = S3Settings.builder().endpoint(URI.create("http://127.0.0.1:9000")).build();
    S3Settings s = StorageConfiguration.s3Settings(storage(Map.of(
        "tapline.storage.s3-path-style", "false",
        "tapline.storage.s3-part-size", "8MB",
        "tapline.storage.s3-part-checksum", "md5",
        "tapline.storage.s3-expect-continue", "always")), embedded);
    assertEquals(embedded.endpoint(), s.endpoint());
    assertTrue(s.pathStyle(), "the embedded server is addressed path-style");
    assertNull(s.trustedCertificatesPem());
    assertEquals(8L << 20, s.partSizeBytes());
    assertEquals(PartChecksum.MD5, s.partChecksum());
    assertEquals(ExpectContinue.ALWAYS, s.expectContinue());
    S3Settings defaults = StorageConfiguration.s3Settings(storage(Map.of()), embedded);
    assertEquals(16L << 20, defaults.partSizeBytes());
    assertEquals(4, defaults.uploadConcurrency());
    assertEquals(PayloadSigning.AUTO, defaults.payloadSigning());
  }

  @Test
  void badValuesStopTheStartNamingTheProperty() throws Exception {
    S3Settings embedded = S3Settings.builder().build();
    var small = assertThrows(IllegalStateException.class, () -> StorageConfiguration.s3Settings(
        storage(Map.of("tapline.storage.s3-part-size", "1MB")), embedded));
    assertTrue(small.getMessage().contains("s3-part-size") && small.getMessage().contains("5 MiB"),
        small.getMessage());
    var noKey = assertThrows(IllegalStateException.class, () -> StorageConfiguration.s3Settings(
        storage(Map.of("tapline.storage.s3-endpoint", "http://minio:9000")), null));
    assertTrue(noKey.getMessage().contains("tapline.storage.s3-access-key"), noKey.getMessage());
    Path junk = dir.resolve("junk.pem");
    Files.writeString(junk, "not a certificate");
    var pem = assertThrows(IllegalStateException.class, () -> StorageConfiguration.s3Settings(
        storage(Map.of("tapline.storage.s3-endpoint", "https://minio:9000",
            "tapline.storage.s3-access-key", "a", "tapline.storage.s3-secret-key", "b",
            "tapline.storage.s3-trusted-certificates", junk.toString())), null));
    assertTrue(pem.getMessage().contains("s3-trusted-certificates"), pem.getMessage());
  }

  private TaplineProperties.Storage storage(Map<String, String> props) {
    Map<String, String> all = new HashMap<>(props);
    all.put("tapline.data-dir", dir.toString());
    return new Binder(new MapConfigurationPropertySource(all))
        .bindOrCreate("tapline", TaplineProperties.class).storage();
  }
}
