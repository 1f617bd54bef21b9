package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.crypto.EnvelopeCipher;
import io.tapline.storage.crypto.KeyRing;
import io.tapline.storage.crypto.MasterKey;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 server goes away mid-upload; nothing is lost, nothing duplicated. */
class UploadOutageIT {
  private static final long MIB = 1024 * 1024;
  @TempDir Path tmp;
  EmbeddedS3Server server;

  @BeforeEach
  void start() {
    server = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private S3Settings settings(RetryPolicy retry) {
    return server.settings("it-outage").toBuilder().partSizeBytes(5 * MIB)
        .multipartThresholdBytes(5 * MIB).uploadConcurrency(2).retry(retry).build();
  }

  @Test
  void uploadRidesThroughATenSecondOutage() throws Exception {
    Path src = tmp.resolve("segment.bin");
    String sha = ObjectStoreIT.writeRandom(src, 40 * MIB, 1);
    var retry = new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(2),
        Duration.ofSeconds(60));
    try (ObjectStore store = new ObjectStore(settings(retry))) {
      store.ensureBucket();
      var content = new ContentStore(store, null, new DirectoryUploadJournal(tmp.resolve("j")));
      CountDownLatch reached = new CountDownLatch(1);
      CountDownLatch resume = new CountDownLatch(1);
      // Pause the source after 12 MiB so the outage starts with parts stored and parts to go.
      InputStream paced = new PausingStream(Files.newInputStream(src), 12 * MIB, reached, resume);
      long t0 = System.nanoTime();
      var upload = CompletableFuture.supplyAsync(() -> content.putStream(
          "conversations/c1/recordings/r1/segments/t1/00000001.seg", paced,
          "application/octet-stream", Long.MAX_VALUE));
      assertTrue(reached.await(30, TimeUnit.SECONDS));
      server.stop();
      resume.countDown();
      Thread.sleep(10_000);
      assertFalse(upload.isDone(), "upload must wait for the server, not fail");
      server.start();
      StoredContent s = upload.get(60, TimeUnit.SECONDS);
      assertTrue(System.nanoTime() - t0 >= 10_000_000_000L);
      assertEquals(sha, s.sha256());
      assertEquals(40 * MIB, s.size());
      var listed = store.list("conversations/c1/");
      assertEquals(1, listed.size(), "exactly one object: " + listed);
      assertEquals(40 * MIB, listed.get(0).size());
      try (InputStream in = store.get(s.key())) {
        assertEquals(sha, ObjectStoreIT.sha256(in));
      }
      assertTrue(store.unfinishedUploads("").isEmpty(), "no multipart upload left behind");
    }
  }

  @Test
  void crashedUploadIsCompletedOnRestartAndStreamLeftoversAborted() throws Exception {
    Path src = tmp.resolve("composition.bin");
    String sha = ObjectStoreIT.writeRandom(src, 23 * MIB, 2);
    Path journalDir = tmp.resolve("journal");
    var key = new MasterKey("ops-1", ObjectStoreIT.random(32, 5));
    var shortRetry = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(300));
    String target = "conversations/c1/recordings/r1/compositions/k1.mp4";
    // First "process": the server dies after two parts and the upload gives up.
    try (ObjectStore store = new ObjectStore(settings(shortRetry))) {
      store.ensureBucket();
      var content = new ContentStore(store, new EnvelopeCipher(KeyRing.of(key)),
          new DirectoryUploadJournal(journalDir));
      CountDownLatch reached = new CountDownLatch(1);
      CountDownLatch resume = new CountDownLatch(1);
      var stream = CompletableFuture.runAsync(() -> {
        try {
          content.putStream("conversations/c1/files/f1",
              new PausingStream(Files.newInputStream(src), 11 * MIB, reached, resume),
              "application/octet-stream", Long.MAX_VALUE);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertTrue(reached.await(30, TimeUnit.SECONDS));
      // A file upload interrupted the same way, journaled because its source is a file.
      var file = CompletableFuture.supplyAsync(() -> content.putFile(target,
          src, "video/mp4"));
      waitForParts(store, target, 2);
      server.stop();
      resume.countDown();
      assertThrows(Exception.class, () -> file.get(30, TimeUnit.SECONDS));
      assertThrows(Exception.class, () -> stream.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, new DirectoryUploadJournal(journalDir).pending().size());
    server.start();
    // Second "process": recovery finishes the journaled upload and aborts the stream's.
    try (ObjectStore store = new ObjectStore(settings(RetryPolicy.DEFAULT))) {
      var content = new ContentStore(store, new EnvelopeCipher(KeyRing.of(key)),
          new DirectoryUploadJournal(journalDir));
      assertTrue(store.list("conversations/").isEmpty(), "nothing half-written is listed");
      var report = content.recover("conversations/", Duration.ZERO);
      assertEquals(1, report.completed().size());
      assertEquals(target, report.completed().get(0).key());
      assertEquals(sha, report.completed().get(0).sha256());
      assertTrue(report.aborted().contains("conversations/c1/files/f1"), report.toString());
      try (InputStream in = content.open(target)) {
        assertEquals(sha, ObjectStoreIT.sha256(in));
      }
      assertEquals(1, store.list("conversations/").size());
      assertTrue(store.unfinishedUploads("").isEmpty());
      assertTrue(new DirectoryUploadJournal(journalDir).pending().isEmpty());
      // Safe to re-run.
      var again = content.recover("conversations/", Duration.ZERO);
      assertTrue(again.completed().isEmpty() && again.aborted().isEmpty());
    }
  }

  @Test
  void objectsSurviveAServerRestartOnTheSameDirectory() throws Exception {
    byte[] data = ObjectStoreIT.random(1_000_000, 9);
    try (ObjectStore store = new ObjectStore(settings(RetryPolicy.NONE))) {
      store.ensureBucket();
      store.put("conversations/c2/files/f1", new java.io.ByteArrayInputStream(data),
          "application/octet-stream");
    }
    server.stop();
    // A new server instance (a new process, in production) over the same data directory.
    var again = new EmbeddedS3Server(server.dataDir(), 0, "tapline", "tapline-secret").start();
    try (ObjectStore store = new ObjectStore(again.settings("it-outage"))) {
      try (InputStream in = store.get("conversations/c2/files/f1")) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, in.readAllBytes());
      }
    } finally {
      again.stop();
    }
  }

  private static void waitForParts(ObjectStore store, String key, int parts) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (var u : store.unfinishedUploads(key)) {
        try (var s3 = S3Clients.client(store.settings())) {
          int n = s3.listParts(b -> b.bucket(store.settings().bucket()).key(key)
              .uploadId(u.uploadId())).parts().size();
          if (n >= parts) {
            return;
          }
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("upload of " + key + " never reached " + parts + " parts");
  }

  /** Passes bytes through, but stops once at {@code pauseAt} until released. */
  static final class PausingStream extends FilterInputStream {
    private final long pauseAt;
    private final CountDownLatch reached;
    private final CountDownLatch resume;
    private long count;

    PausingStream(InputStream in, long pauseAt, CountDownLatch reached, CountDownLatch resume) {
      super(in);
      this.pauseAt = pauseAt;
      this.reached = reached;
      this.resume = resume;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (count >= pauseAt && resume.getCount() > 0) {
        reached.countDown();
        try {
          resume.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      int max = count < pauseAt ? (int) Math.min(len, pauseAt - count) : len;
      int n = in.read(b, off, max);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
