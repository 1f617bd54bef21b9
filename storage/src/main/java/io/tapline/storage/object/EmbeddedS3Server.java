package io.tapline.storage.object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server (S3Proxy over a directory) running in this JVM on 127.0.0.1, so the
 * default one-machine set-up goes through the same SigV4-checked path as production. It listens
 * twice: plain HTTP on {@link #endpoint()} ({@link #settings}, the default) and HTTPS on {@link
 * #secureEndpoint()} with a self-signed certificate made in memory for this instance ({@link
 * #secureSettings} pins it). Both check SigV4. Objects live under {@code dataDir} and survive a
 * restart; {@link #stop()} then {@link #start()} comes back on the same ports with the same
 * certificate, which is what the outage tests rely on.
 */
public final class EmbeddedS3Server implements AutoCloseable {
  private final Path dataDir;
  private final String accessKey;
  private final String secretKey;
  private final LoopbackCertificate certificate = LoopbackCertificate.generate();
  private int port;
  private int tlsPort;
  private S3Proxy proxy;

  /**
   * @param dataDir where buckets and objects are kept (created if missing)
   * @param port plain HTTP port on 127.0.0.1, or 0 to pick a free one at first start
   * @param tlsPort HTTPS port on 127.0.0.1, or 0 to pick a free one at first start
   */
  public EmbeddedS3Server(Path dataDir, int port, int tlsPort, String accessKey,
      String secretKey) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    if (port < 0 || port > 65535 || tlsPort < 0 || tlsPort > 65535
        || (port != 0 && port == tlsPort)) {
      throw new IllegalArgumentException("ports out of range or equal: " + port + ", " + tlsPort);
    }
    this.port = port;
    this.tlsPort = tlsPort;
  }

  /** HTTP on {@code port}, HTTPS on a free port. */
  public EmbeddedS3Server(Path dataDir, int port, String accessKey, String secretKey) {
    this(dataDir, port, 0, accessKey, secretKey);
  }

  /** A server on a free port with the credentials of {@link S3Settings#builder()}'s defaults. */
  public static EmbeddedS3Server withDefaults(Path dataDir) {
    S3Settings d = S3Settings.builder().build();
    return new EmbeddedS3Server(dataDir, 0, d.accessKey(), d.secretKey());
  }

  public synchronized EmbeddedS3Server start() {
    if (proxy != null) {
      return this;
    }
    try {
      Files.createDirectories(dataDir);
      if (port == 0) {
        port = freePort(tlsPort);
      }
      if (tlsPort == 0) {
        tlsPort = freePort(port);
      }
      S3Proxy p = S3Proxy.builder()
          .blobStore(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()))
          .endpoint(URI.create("http://127.0.0.1:" + port))
          .secureEndpoint(URI.create("https://127.0.0.1:" + tlsPort))
          .sslContext(certificate.serverContext())
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
          // The SDK sends checksum and SDK-info headers S3Proxy does not know.
          .ignoreUnknownHeaders(true)
          // Signed (plain HTTP) bodies are buffered whole to check their hash: allow a part.
          .v4MaxNonChunkedRequestSize(6L * 1024 * 1024 * 1024)
          .build();
      p.start();
      waitStarted(p);
      proxy = p;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded S3 server in " + dataDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded S3 server on port " + port, e);
    }
  }

  public synchronized void stop() {
    if (proxy == null) {
      return;
    }
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the embedded S3 server", e);
    } finally {
      proxy = null;
    }
  }

  public synchronized boolean isRunning() {
    return proxy != null;
  }

  /**
   * Settings that reach this server over plain HTTP on 127.0.0.1: requests are SigV4-signed,
   * bodies go as UNSIGNED-PAYLOAD with a CRC32C the server checks ({@link PayloadSigning#AUTO});
   * pass through {@link S3Settings#toBuilder()} to adjust. The default: measured faster than
   * {@link #secureSettings} on JDK 17 (see BENCHMARKS.md, storage).
   */
  public S3Settings settings(String bucket) {
    return S3Settings.builder()
        .endpoint(endpoint())
        .credentials(accessKey, secretKey)
        .pathStyle(true)
        .bucket(bucket)
        .build();
  }

  /**
   * Settings that reach this server over HTTPS, trusting its certificate only (bodies go as
   * UNSIGNED-PAYLOAD with a CRC32C the server checks, as over HTTP to 127.0.0.1).
   */
  public S3Settings secureSettings(String bucket) {
    return settings(bucket).toBuilder()
        .endpoint(secureEndpoint())
        .trustedCertificatesPem(certificatePem())
        .build();
  }

  /** The plain HTTP endpoint. */
  public synchronized URI endpoint() {
    if (port == 0) {
      throw new IllegalStateException("not started yet");
    }
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The HTTPS endpoint; its certificate is {@link #certificatePem()}. */
  public synchronized URI secureEndpoint() {
    if (tlsPort == 0) {
      throw new IllegalStateException("not started yet");
    }
    return URI.create("https://127.0.0.1:" + tlsPort);
  }

  /** This instance's self-signed certificate (IP SAN 127.0.0.1), for clients to pin. */
  public String certificatePem() {
    return certificate.pem();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    stop();
  }

  private static void waitStarted(S3Proxy p) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(p.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start in 10 s: " + p.getState());
      }
      Thread.sleep(10);
    }
  }

  private static int freePort(int other) throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        if (s.getLocalPort() != other) {
          return s.getLocalPort();
        }
      }
    }
  }
}
