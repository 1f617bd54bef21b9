package io.tapline.storage.object;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
        // Over plain HTTP the SDK must sign payloads; signed aws-chunked bodies cost both sides a
        // hash and an HMAC per 128 KiB chunk, a whole-body signature costs one hash.
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle())
            .chunkedEncodingEnabled(false).build())
        // Checksums are ours (Content-MD5 per part, see MultipartUploader); the SDK's
        // default trailing CRC needs aws-chunked encoding that not every S3 clone speaks.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClient(ApacheHttpClient.builder()
            .maxConnections(Math.max(16, s.uploadConcurrency() * 2))
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build())
        // Retries are ours too (RetryPolicy, time-budgeted); one SDK attempt per call.
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(DefaultRetryStrategy.doNotRetry())
            .build());
    if (s.endpoint() != null) {
      b.endpointOverride(s.endpoint());
    }
    return b.build();
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
