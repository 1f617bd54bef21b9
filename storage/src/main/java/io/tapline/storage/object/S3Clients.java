package io.tapline.storage.object;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
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
    return client(s, List.of());
  }

  /** With extra interceptors (tests use one to look at what goes on the wire). */
  static S3Client client(S3Settings s, List<ExecutionInterceptor> interceptors) {
    List<ExecutionInterceptor> all = new ArrayList<>();
    if (!s.expectsContinue()) {
      all.add(new NoExpectContinue()); // before the caller's, which may look at the wire
    }
    all.addAll(interceptors);
    var b = S3Client.builder()
        .region(Region.of(s.region()))
        .credentialsProvider(credentials(s))
        // Bodies are SHA-256-signed only where S3Settings.signsPayload() says so (by default:
        // plain HTTP to another host); otherwise UNSIGNED-PAYLOAD, and our PartChecksum lets the
        // server verify the bytes while it streams them to disk. Signed bodies go unchunked: one
        // SHA-256 pass here and one in the server (S3Proxy buffers the whole body to check it);
        // aws-chunked would add an HMAC per chunk.
        .putAuthScheme(PayloadAwareSigner.scheme(s.signsPayload()))
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
            .executionInterceptors(all)
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
        .socketTimeout(Duration.ofSeconds(60))
        .expectContinueEnabled(s.expectsContinue());
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
