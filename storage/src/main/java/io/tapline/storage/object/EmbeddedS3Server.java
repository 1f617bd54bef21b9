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
 * default one-machine set-up goes through the same SigV4-checked HTTP path as production. Objects
 * live under {@code dataDir} and survive a restart; {@link #stop()} then {@link #start()} comes back
 * on the same port, which is what the outage tests rely on.
 */
public final class EmbeddedS3Server implements AutoCloseable {
  private final Path dataDir;
  private final String accessKey;
  private final String secretKey;
  private int port;
  private S3Proxy proxy;

  /**
   * @param dataDir where buckets and objects are kept (created if missing)
   * @param port TCP port on 127.0.0.1, or 0 to pick a free one at first start
   */
  public EmbeddedS3Server(Path dataDir, int port, String accessKey, String secretKey) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
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
        port = freePort();
      }
      S3Proxy p = S3Proxy.builder()
          .blobStore(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()))
          .endpoint(URI.create("http://127.0.0.1:" + port))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
          // The SDK sends checksum and SDK-info headers S3Proxy does not know.
          .ignoreUnknownHeaders(true)
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

  /** Settings that reach this server; pass through {@link S3Settings#toBuilder()} to adjust. */
  public S3Settings settings(String bucket) {
    return S3Settings.builder()
        .endpoint(endpoint())
        .credentials(accessKey, secretKey)
        .pathStyle(true)
        .bucket(bucket)
        .build();
  }

  public synchronized URI endpoint() {
    if (port == 0) {
      throw new IllegalStateException("not started yet");
    }
    return URI.create("http://127.0.0.1:" + port);
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
