package io.tapline.storage.object;

import java.time.Duration;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds the AWS SDK v2 clients from {@link S3Settings}; the one place SDK options are chosen. */
final class S3Clients {
  private S3Clients() {}

  static S3Client client(S3Settings s) {
    var b = S3Client.builder()
        .region(Region.of(s.region()))
        .credentialsProvider(credentials(s))
        // Over HTTPS the SDK sends UNSIGNED-PAYLOAD (TLS protects the body, our PartChecksum
        // lets the server verify it) and the server streams it to disk. Over plain HTTP the SDK
        // must sign payloads: unchunked, that is one SHA-256 pass here and one in the server
        // (S3Proxy buffers the whole body to check it); aws-chunked would add an HMAC per chunk.
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle())
            .chunkedEncodingEnabled(false).build())
        // Checksums are ours (PartChecksum, computed as the part is read, sent as a header; see
        // MultipartUploader); the SDK's default trailing CRC needs aws-chunked encoding that not
        // every S3 clone speaks.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClient(httpClient(s))
        // Retries are ours too (RetryPolicy, time-budgeted); one SDK attempt per call.
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(DefaultRetryStrategy.doNotRetry())
            .build());
    if (s.endpoint() != null) {
      b.endpointOverride(s.endpoint());
    }
    return b.build();
  }

  private static SdkHttpClient httpClient(S3Settings s) {
    var http = ApacheHttpClient.builder()
        .maxConnections(Math.max(16, s.uploadConcurrency() * 2))
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(60));
    if (s.trustedCertificatesPem() != null) {
      TrustManager[] trust = TrustedCertificates.trustManagers(s.trustedCertificatesPem());
      http.tlsTrustManagersProvider(() -> trust);
    }
    return http.build();
  }

  static S3Presigner presigner(S3Settings s) {
    var b = S3Presigner.builder()
        .region(Region.of(s.region()))
        .credentialsProvider(credentials(s))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle())
            .build());
    if (s.endpoint() != null) {
      b.endpointOverride(s.endpoint());
    }
    return b.build();
  }

  private static StaticCredentialsProvider credentials(S3Settings s) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(),
        s.secretKey()));
  }
}
