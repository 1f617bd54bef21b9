package io.tapline.storage.object;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an S3-compatible service. Immutable and validated on construction; start
 * from {@link #builder()} whose defaults suit the embedded server.
 *
 * @param endpoint service URL, e.g. {@code http://127.0.0.1:9000}; null means AWS's own endpoint
 * @param region signing region (S3Proxy and MinIO accept any, AWS needs the bucket's)
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}
 * @param bucket the one bucket Tapline writes to
 * @param partSizeBytes multipart part size (S3 minimum 5 MiB except the last part)
 * @param multipartThresholdBytes objects at least this large are uploaded in parts
 * @param uploadConcurrency parts in flight at once for one object
 * @param retry how failed requests are retried
 * @param presignExpiry default lifetime of a presigned URL
 * @param trustedCertificatesPem for an {@code https} endpoint, the only certificates trusted (PEM;
 *     the embedded server's self-signed one, or an operator's private CA); null trusts the JVM's
 *     CAs
 * @param partChecksum the checksum every PUT and part carries for the server to verify
 * @param payloadSigning whether bodies are covered by the SigV4 signature ({@link
 *     PayloadSigning#AUTO}: only over plain HTTP to a host other than this one)
 * @param expectContinue whether uploads wait for {@code 100 Continue} before the body ({@link
 *     ExpectContinue#AUTO}: not towards a loopback endpoint)
 */
public record S3Settings(
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    boolean pathStyle,
    String bucket,
    long partSizeBytes,
    long multipartThresholdBytes,
    int uploadConcurrency,
    RetryPolicy retry,
    Duration presignExpiry,
    String trustedCertificatesPem,
    PartChecksum partChecksum,
    PayloadSigning payloadSigning,
    ExpectContinue expectContinue) {

  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  /** Parts are buffered in memory, so far below S3's 5 GiB limit. */
  public static final long MAX_PART_SIZE = 512L * 1024 * 1024;
  /** S3 signs URLs for at most seven days. */
  public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

  public S3Settings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(presignExpiry, "presignExpiry");
    Objects.requireNonNull(partChecksum, "partChecksum");
    Objects.requireNonNull(payloadSigning, "payloadSigning");
    Objects.requireNonNull(expectContinue, "expectContinue");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("bucket name not valid for S3: " + bucket);
    }
    if (partSizeBytes < MIN_PART_SIZE || partSizeBytes > MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "partSizeBytes must be within [5 MiB, 512 MiB], got " + partSizeBytes);
    }
    if (multipartThresholdBytes < partSizeBytes) {
      throw new IllegalArgumentException("multipartThresholdBytes must be >= partSizeBytes");
    }
    if (uploadConcurrency < 1 || uploadConcurrency > 64) {
      throw new IllegalArgumentException("uploadConcurrency must be within [1, 64]");
    }
    if (presignExpiry.isNegative()
        || presignExpiry.isZero()
        || presignExpiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
      throw new IllegalArgumentException("presignExpiry must be within (0, 7 days]");
    }
    if (endpoint != null && !("http".equals(endpoint.getScheme())
        || "https".equals(endpoint.getScheme()))) {
      throw new IllegalArgumentException("endpoint must be http or https: " + endpoint);
    }
    if (trustedCertificatesPem != null) {
      TrustedCertificates.trustManagers(trustedCertificatesPem); // fails early on bad PEM
    }
  }

  /** Whether requests travel over TLS (no endpoint means AWS itself, always HTTPS). */
  public boolean https() {
    return endpoint == null || "https".equals(endpoint.getScheme());
  }

  /**
   * Whether PUT and part bodies are SHA-256-signed (see {@link PayloadSigning}); otherwise they
   * travel as UNSIGNED-PAYLOAD with the {@link #partChecksum} the server checks.
   */
  public boolean signsPayload() {
    return switch (payloadSigning) {
      case SIGNED -> true;
      case UNSIGNED -> false;
      case AUTO -> !https() && !isLoopback(endpoint.getHost());
    };
  }

  /** Whether PUT and part requests wait for {@code 100 Continue} (see {@link ExpectContinue}). */
  public boolean expectsContinue() {
    return switch (expectContinue) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> endpoint == null || !isLoopback(endpoint.getHost());
    };
  }

  /** A literal loopback address or {@code localhost}; never a DNS lookup. */
  static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost") || h.matches("127(\\.\\d{1,3}){3}")) {
      return true;
    }
    if (!h.contains(":")) {
      return false; // a name: it may resolve anywhere
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress(); // an IPv6 literal: parsed, not resolved
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .endpoint(endpoint)
        .region(region)
        .credentials(accessKey, secretKey)
        .pathStyle(pathStyle)
        .bucket(bucket)
        .partSizeBytes(partSizeBytes)
        .multipartThresholdBytes(multipartThresholdBytes)
        .uploadConcurrency(uploadConcurrency)
        .retry(retry)
        .presignExpiry(presignExpiry)
        .trustedCertificatesPem(trustedCertificatesPem)
        .partChecksum(partChecksum)
        .payloadSigning(payloadSigning)
        .expectContinue(expectContinue);
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
        + ", pathStyle=" + pathStyle + ", partSize=" + partSizeBytes + ", uploadConcurrency="
        + uploadConcurrency + ", partChecksum=" + partChecksum + ", payloadSigning=" + payloadSigning
        + " (signed: " + signsPayload() + "), expectContinue=" + expectContinue + " ("
        + expectsContinue() + "), pinnedTls="
        + (trustedCertificatesPem != null) + "]";
  }

  /** Mutable builder with the defaults of the embedded set-up. */
  public static final class Builder {
    private URI endpoint;
    private String region = "us-east-1";
    private String accessKey = "tapline";
    private String secretKey = "tapline-secret";
    private boolean pathStyle = true;
    private String bucket = "tapline";
    private long partSizeBytes = 16L * 1024 * 1024;
    private long multipartThresholdBytes = 16L * 1024 * 1024;
    private int uploadConcurrency = 4;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration presignExpiry = Duration.ofMinutes(15);
    private String trustedCertificatesPem;
    private PartChecksum partChecksum = PartChecksum.CRC32C;
    private PayloadSigning payloadSigning = PayloadSigning.AUTO;
    private ExpectContinue expectContinue = ExpectContinue.AUTO;

    public Builder endpoint(URI v) {
      endpoint = v;
      return this;
    }

    public Builder region(String v) {
      region = v;
      return this;
    }

    public Builder credentials(String access, String secret) {
      accessKey = access;
      secretKey = secret;
      return this;
    }

    public Builder pathStyle(boolean v) {
      pathStyle = v;
      return this;
    }

    public Builder bucket(String v) {
      bucket = v;
      return this;
    }

    public Builder partSizeBytes(long v) {
      partSizeBytes = v;
      return this;
    }

    public Builder multipartThresholdBytes(long v) {
      multipartThresholdBytes = v;
      return this;
    }

    public Builder uploadConcurrency(int v) {
      uploadConcurrency = v;
      return this;
    }

    public Builder retry(RetryPolicy v) {
      retry = v;
      return this;
    }

    public Builder presignExpiry(Duration v) {
      presignExpiry = v;
      return this;
    }

    /** PEM certificates to trust instead of the JVM's CAs; null for the JVM's. */
    public Builder trustedCertificatesPem(String v) {
      trustedCertificatesPem = v;
      return this;
    }

    public Builder partChecksum(PartChecksum v) {
      partChecksum = v;
      return this;
    }

    public Builder payloadSigning(PayloadSigning v) {
      payloadSigning = v;
      return this;
    }

    public Builder expectContinue(ExpectContinue v) {
      expectContinue = v;
      return this;
    }

    public S3Settings build() {
      return new S3Settings(endpoint, region, accessKey, secretKey, pathStyle, bucket,
          partSizeBytes, multipartThresholdBytes, uploadConcurrency, retry, presignExpiry,
          trustedCertificatesPem, partChecksum, payloadSigning, expectContinue);
    }
  }
}
