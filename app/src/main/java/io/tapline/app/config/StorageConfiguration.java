package io.tapline.app.config;

import io.tapline.app.auth.OwnershipRepository;
import io.tapline.app.startup.UploadRecovery;
import io.tapline.storage.crypto.EnvelopeCipher;
import io.tapline.storage.files.FileLimits;
import io.tapline.storage.files.FileService;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.DirectoryUploadJournal;
import io.tapline.storage.object.EmbeddedS3Server;
import io.tapline.storage.object.ObjectStore;
import io.tapline.storage.object.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the index database and the object store: embedded by default, external when configured. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {
  private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

  @Bean(destroyMethod = "close")
  IndexDatabase indexDatabase(TaplineProperties p) {
    TaplineProperties.Storage s = p.storage();
    IndexSettings settings = s.externalIndex()
        ? (s.indexUrl().startsWith("jdbc:h2:")
            ? new IndexSettings(s.indexUrl(), s.indexUser(), s.indexPassword(), 8)
            : IndexSettings.postgres(s.indexUrl(), s.indexUser(), s.indexPassword()))
        : IndexSettings.h2(p.dataDir().resolve("index"));
    IndexDatabase db = IndexDatabase.open(settings);
    OwnershipRepository.migrate(db.dataSource());
    return db;
  }

  @Bean
  OwnershipRepository ownershipRepository(IndexDatabase index) {
    return new OwnershipRepository(index.dataSource());
  }

  /** Only without an external endpoint: S3Proxy on 127.0.0.1 with its files under the data dir. */
  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${tapline.storage.s3-endpoint:}'.isEmpty()")
  EmbeddedS3Server embeddedS3Server(TaplineProperties p) {
    S3Settings d = S3Settings.builder().build();
    return new EmbeddedS3Server(
        p.dataDir().resolve("s3"), p.storage().embeddedS3Port(), d.accessKey(), d.secretKey()).start();
  }

  @Bean(destroyMethod = "close")
  ObjectStore objectStore(TaplineProperties p, ObjectProvider<EmbeddedS3Server> embedded) {
    TaplineProperties.Storage s = p.storage();
    S3Settings settings = s3Settings(s, s.externalS3() ? null : embedded.getObject().settings(s.bucket()));
    log.info("Object store: {}", settings);
    ObjectStore store = new ObjectStore(settings);
    store.ensureBucket();
    return store;
  }

  /**
   * The S3 settings of {@code tapline.storage}: those of an external service, or the embedded
   * server's ({@code embedded}, where endpoint, credentials and addressing are its own) with the
   * upload tuning applied. A value S3 cannot take stops the start naming the property.
   */
  static S3Settings s3Settings(TaplineProperties.Storage s, S3Settings embedded) {
    S3Settings.Builder b;
    if (embedded == null) {
      if (s.s3AccessKey() == null || s.s3SecretKey() == null) {
        throw new IllegalStateException("tapline.storage.s3-endpoint is set: set tapline.storage.s3-access-key "
            + "and tapline.storage.s3-secret-key too (TAPLINE_STORAGE_S3_ACCESS_KEY/_SECRET_KEY)");
      }
      b = S3Settings.builder()
          .endpoint(s.s3Endpoint())
          .region(s.s3Region())
          .credentials(s.s3AccessKey(), s.s3SecretKey())
          .pathStyle(s.s3PathStyle())
          .bucket(s.bucket());
      if (s.s3TrustedCertificates() != null) {
        try {
          b.trustedCertificatesPem(Files.readString(s.s3TrustedCertificates(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
          throw new UncheckedIOException("tapline.storage.s3-trusted-certificates "
              + s.s3TrustedCertificates() + " cannot be read", e);
        }
      }
    } else {
      b = embedded.toBuilder();
    }
    long part = s.s3PartSize().toBytes();
    try {
      return b.partSizeBytes(part)
          .multipartThresholdBytes(part)
          .uploadConcurrency(s.s3UploadConcurrency())
          .partChecksum(s.s3PartChecksum())
          .payloadSigning(s.s3PayloadSigning())
          .expectContinue(s.s3ExpectContinue())
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("tapline.storage (s3-part-size, s3-upload-concurrency, bucket, "
          + "s3-trusted-certificates): " + e.getMessage(), e);
    }
  }

  /**
   * Hashed, journaled uploads over the object store, envelope-encrypted when master keys are
   * configured. Uploads a crash interrupted are finished or aborted here, before anything can serve
   * or upload.
   */
  @Bean
  ContentStore contentStore(ObjectStore objects, TaplineProperties p) {
    TaplineProperties.Storage s = p.storage();
    EnvelopeCipher cipher = EncryptionKeyRing.load(s.encryptionKeys(), s.encryptionKeyFile())
        .map(ring -> {
          log.info("Encryption at rest: new objects under master key '{}'; {} key(s) can decrypt",
              ring.current().id(), ring.size());
          return new EnvelopeCipher(ring);
        })
        .orElse(null);
    ContentStore content =
        new ContentStore(objects, cipher, new DirectoryUploadJournal(p.dataDir().resolve("upload-journal")));
    UploadRecovery.run(content, p.storage().recoverGrace());
    return content;
  }

  /** Files exchanged in conversations, limited to {@code tapline.api.max-upload-size}. */
  @Bean
  FileService fileService(ContentStore content, IndexDatabase index, TaplineProperties p, Clock clock) {
    return new FileService(content, index.files(), new FileLimits(p.api().maxUploadSize().toBytes()), clock);
  }
}
