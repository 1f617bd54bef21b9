package io.tapline.storage.object;

import io.tapline.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Sends one stream to S3: a single PUT when it fits in one part, otherwise a multipart upload with
 * up to {@code uploadConcurrency} parts in flight. Every part (and a single PUT) carries a checksum
 * the server verifies before storing it ({@link PartChecksum}: CRC32C by default, computed over
 * the part buffer just filled, so no second read of the source). Where {@link
 * S3Settings#signsPayload()} (plain HTTP to another host, by default) the payload is also signed
 * (its SHA-256 is then a second server-verified checksum); otherwise it is sent as
 * UNSIGNED-PAYLOAD, with TLS or the loopback interface protecting it in transit. Every request is
 * retried under the {@link RetryPolicy}. Given the id of an earlier, interrupted upload of the
 * same bytes it re-reads the source, reuses the parts the server already holds with the same MD5
 * (the part ETag) and sends only the rest.
 */
final class MultipartUploader {
  private static final Logger log = LoggerFactory.getLogger(MultipartUploader.class);
  /** How long a failed upload lets its part requests under way finish before interrupting them. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private final S3Client s3;
  private final S3Settings settings;
  private final Retrier retrier;
  private final ExecutorService pool;
  private final PartBuffers buffers;
  private final PartChecksum checksum;
  /** MD5 next to a signed payload would be a third pass: the payload hash already checks parts. */
  private final boolean contentMd5;

  MultipartUploader(S3Client s3, S3Settings settings, Retrier retrier, ExecutorService pool,
      PartBuffers buffers) {
    if (buffers.size() != settings.partSizeBytes()) {
      throw new IllegalArgumentException("buffers of " + buffers.size() + " bytes for parts of "
          + settings.partSizeBytes());
    }
    this.s3 = s3;
    this.settings = settings;
    this.retrier = retrier;
    this.pool = pool;
    this.buffers = buffers;
    this.checksum = settings.partChecksum();
    this.contentMd5 = checksum == PartChecksum.MD5 && !settings.signsPayload();
  }

  /** What was stored: total bytes, part count (0 for a single PUT), and the object's ETag. */
  record Result(long size, int parts, String eTag) {}

  /**
   * @param resumeUploadId an upload to continue, or null to start one
   * @param onCreated told the new upload id before the first part is sent (to journal it)
   * @param abortOnFailure abort the upload when it fails for good; false keeps its parts for a
   *     later resume
   * @param observer sees every byte while it is sent (a single PUT: on a pool thread beside the
   *     request; parts: in this thread once the part is handed to the pool)
   */
  Result upload(String key, InputStream in, String contentType, Map<String, String> metadata,
      String resumeUploadId, Consumer<String> onCreated, boolean abortOnFailure,
      BodyObserver observer) throws IOException {
    int partSize = (int) settings.partSizeBytes();
    // Straight from the source into a reused part buffer: one copy.
    byte[] first = buffers.take();
    boolean reusable = true; // false while a failed request may still read the buffers
    try {
      int n = in.readNBytes(first, 0, partSize);
      if (resumeUploadId == null && n < settings.multipartThresholdBytes() && n < partSize) {
        return putSingle(key, first, n, contentType, metadata, observer);
      }
      reusable = false;
      Result r = multipart(key, in, first, n, contentType, metadata, resumeUploadId, onCreated,
          abortOnFailure, observer);
      reusable = true;
      return r;
    } finally {
      if (reusable) {
        buffers.give(first);
      }
    }
  }

  private Result multipart(String key, InputStream in, byte[] first, int firstLength,
      String contentType, Map<String, String> metadata, String resumeUploadId,
      Consumer<String> onCreated, boolean abortOnFailure, BodyObserver observer)
      throws IOException {
    String uploadId = resumeUploadId != null ? resumeUploadId : retrier.call(
        "create multipart upload " + key,
        () -> s3.createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)
            .contentType(contentType).metadata(metadata)
            .checksumAlgorithm(checksum == PartChecksum.CRC32C ? ChecksumAlgorithm.CRC32_C : null))
            .uploadId());
    if (resumeUploadId == null) {
      onCreated.accept(uploadId);
    }
    try {
      Map<Integer, Part> existing = resumeUploadId == null ? Map.of() : listParts(key, uploadId);
      long[] total = new long[1];
      List<CompletedPart> parts = sendParts(key, uploadId, in, first, firstLength, existing,
          total, observer);
      String eTag = complete(key, uploadId, parts);
      return new Result(total[0], parts.size(), eTag);
    } catch (RuntimeException | IOException e) {
      if (abortOnFailure) {
        abortQuietly(key, uploadId, e);
      }
      throw e;
    }
  }

  void abort(String key, String uploadId) {
    try {
      retrier.call("abort multipart upload " + key,
          () -> s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key)
              .uploadId(uploadId)));
    } catch (NoSuchUploadException gone) {
      // Already aborted or completed: nothing left to clean.
    }
  }

  private Result putSingle(String key, byte[] body, int n, String contentType,
      Map<String, String> metadata, BodyObserver observer) {
    // The observer (the content's SHA-256) runs beside the request, which mostly waits on the
    // server; the buffer is only read by both.
    Future<?> observed = observer == BodyObserver.NONE ? null
        : pool.submit(() -> observer.observe(body, 0, n));
    String md5 = contentMd5 ? base64(md5(body, n)) : null;
    String crc = crc32c(body, n);
    try {
      var r = retrier.call("put " + key, () -> s3.putObject(b -> b.bucket(settings.bucket())
          .key(key).contentType(contentType).metadata(metadata).contentLength((long) n)
          .contentMD5(md5).checksumCRC32C(crc),
          RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body, 0, n), n,
              contentType)));
      awaitUninterruptibly(observed);
      return new Result(n, 0, r.eTag());
    } catch (RuntimeException e) {
      try {
        awaitUninterruptibly(observed); // its buffer goes back to the pool: let it finish first
      } catch (RuntimeException ignored) {
        // The upload's own failure is the one to report.
      }
      throw e;
    }
  }

  /** Waits for {@code f} (null: nothing to wait for), keeping an interrupt for later. */
  private static void awaitUninterruptibly(Future<?> f) {
    if (f == null) {
      return;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re
              : new IllegalStateException("body observer failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<CompletedPart> sendParts(String key, String uploadId, InputStream in, byte[] first,
      int firstLength, Map<Integer, Part> existing, long[] total, BodyObserver observer)
      throws IOException {
    int partSize = (int) settings.partSizeBytes();
    int inFlight = settings.uploadConcurrency();
    // Buffers return to the queue when their part is stored, which also bounds memory.
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(inFlight);
    for (int i = 0; i < inFlight; i++) {
      free.add(new byte[0]);
    }
    List<Future<CompletedPart>> futures = new ArrayList<>();
    List<PartRequest> requests = new ArrayList<>();
    boolean done = false;
    try {
      byte[] buf = first;
      int len = firstLength;
      int number = 1;
      while (true) {
        final byte[] data = buf;
        final int n = len;
        final int partNumber = number;
        total[0] += n;
        Part old = existing.get(partNumber);
        if (old != null && old.size() != null && old.size() == n
            && matches(old, md5(data, n))) {
          // Same MD5, so the same bytes: their CRC32C is the stored part's (not every server
          // lists part checksums, but completing an upload declared CRC32C needs them).
          String crc = old.checksumCRC32C() != null ? old.checksumCRC32C() : crc32c(data, n);
          futures.add(CompletableFuture.completedFuture(CompletedPart.builder()
              .partNumber(partNumber).eTag(old.eTag()).checksumCRC32C(crc).build()));
          if (data != first) {
            free.add(data);
          }
        } else {
          var request = new PartRequest(key, uploadId, partNumber, data, n,
              data == first ? null : free);
          requests.add(request);
          futures.add(request.submit());
        }
        // While the part is on its way; before its buffer can be taken for the next read.
        observer.observe(data, 0, n);
        if (n < partSize) {
          break; // short read: that was the end of the stream
        }
        byte[] next = free.take();
        if (next.length < partSize) {
          next = buffers.take();
        }
        len = in.readNBytes(next, 0, partSize);
        if (len == 0) {
          free.add(next);
          break;
        }
        buf = next;
        number++;
        if (number > 10_000) {
          throw StorageException.invalid("object " + key + " needs more than 10000 parts; "
              + "raise partSizeBytes");
        }
      }
      List<CompletedPart> completed = new ArrayList<>(futures.size());
      for (Future<CompletedPart> f : futures) {
        completed.add(f.get());
      }
      done = true;
      return completed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.unavailable("interrupted while uploading " + key, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw StorageException.unavailable("part upload failed for " + key, c);
    } finally {
      // On failure the caller may abort the upload next: no part may still be on its way then.
      if (done || stopAll(key, requests)) { // nothing reads these buffers any more
        free.forEach(buffers::give);
      }
    }
  }

  /** Stops every part request; false if one was still running after {@link #STOP_WAIT}. */
  private static boolean stopAll(String key, List<PartRequest> requests) {
    boolean stopped = true;
    for (PartRequest r : requests) {
      stopped &= r.stop();
    }
    if (!stopped) {
      log.warn("a part request of {} was still running {} ms after the upload failed; "
          + "interrupted it", key, STOP_WAIT.toMillis());
    }
    return stopped;
  }

  /**
   * One part's request on a pool thread. When the upload fails every request is {@link #stop}ped
   * before the upload is aborted: one that has not started never starts, one under way is waited
   * for. A part that lands after the abort is kept by the server, unlisted and unreachable (S3
   * asks to abort again; S3Proxy leaves the file on disk), and so is the partial file of a request
   * cut off mid-body; and a request still running could read a buffer that went back to the pool.
   */
  private final class PartRequest implements Callable<CompletedPart> {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int SKIPPED = 2;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final String key;
    private final String uploadId;
    private final int partNumber;
    private final byte[] data;
    private final int n;
    /** Where the buffer goes back once read, or null when the caller keeps it. */
    private final BlockingQueue<byte[]> release;
    private Future<CompletedPart> future;

    PartRequest(String key, String uploadId, int partNumber, byte[] data, int n,
        BlockingQueue<byte[]> release) {
      this.key = key;
      this.uploadId = uploadId;
      this.partNumber = partNumber;
      this.data = data;
      this.n = n;
      this.release = release;
    }

    Future<CompletedPart> submit() {
      future = pool.submit(this);
      return future;
    }

    @Override
    public CompletedPart call() {
      if (!state.compareAndSet(NEW, RUNNING)) {
        throw new CancellationException("upload of " + key + " stopped");
      }
      try {
        // Here, in the part's thread, so parts are summed in parallel.
        String md5 = contentMd5 ? base64(md5(data, n)) : null;
        String crc = crc32c(data, n);
        var r = retrier.call("upload part " + partNumber + " of " + key,
            () -> s3.uploadPart(b -> b.bucket(settings.bucket()).key(key)
                .uploadId(uploadId).partNumber(partNumber).contentLength((long) n)
                .contentMD5(md5).checksumCRC32C(crc),
                RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(data, 0, n), n,
                    "application/octet-stream")));
        return CompletedPart.builder().partNumber(partNumber).eTag(r.eTag())
            .checksumCRC32C(crc).build();
      } finally {
        releaseBuffer();
        ended.countDown();
      }
    }

    /**
     * True once the request has ended or will never start. One under way is left to finish, so
     * that the abort that follows removes its part; after {@link #STOP_WAIT} it is interrupted.
     */
    boolean stop() {
      if (state.compareAndSet(NEW, SKIPPED)) {
        future.cancel(false);
        releaseBuffer();
        return true;
      }
      boolean interrupted = false;
      try {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (true) {
          try {
            if (ended.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
              return true;
            }
            future.cancel(true);
            return false;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void releaseBuffer() {
      if (release != null) {
        release.add(data);
      }
    }
  }

  private String complete(String key, String uploadId, List<CompletedPart> parts) {
    try {
      return retrier.call("complete multipart upload " + key,
          () -> s3.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key)
              .uploadId(uploadId).multipartUpload(u -> u.parts(parts)))).eTag();
    } catch (NoSuchUploadException e) {
      // A retried complete whose first try succeeded but lost its response: the object exists.
      var head = s3.headObject(b -> b.bucket(settings.bucket()).key(key));
      if (head.eTag() != null && head.eTag().endsWith("-" + parts.size() + "\"")) {
        return head.eTag();
      }
      throw StorageException.unavailable("upload " + uploadId + " of " + key
          + " vanished before completion", e);
    }
  }

  private Map<Integer, Part> listParts(String key, String uploadId) {
    Map<Integer, Part> m = new HashMap<>();
    retrier.call("list parts of " + key, () -> {
      s3.listPartsPaginator(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId))
          .parts().forEach(p -> m.put(p.partNumber(), p));
      return m;
    });
    return m;
  }

  /** A stored part is reused only if it holds the very bytes we would send (ETag = MD5). */
  private static boolean matches(Part old, byte[] md5) {
    String etag = old.eTag() == null ? "" : old.eTag().replace("\"", "");
    return etag.equalsIgnoreCase(HexFormat.of().formatHex(md5));
  }

  private void abortQuietly(String key, String uploadId, Exception cause) {
    try {
      abort(key, uploadId);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  static byte[] md5(byte[] data, int n) {
    try {
      MessageDigest d = MessageDigest.getInstance("MD5");
      d.update(data, 0, n);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code x-amz-checksum-crc32c} value (big-endian CRC32C, base64), or null if not used. */
  private String crc32c(byte[] data, int n) {
    if (checksum != PartChecksum.CRC32C) {
      return null;
    }
    CRC32C c = new CRC32C();
    c.update(data, 0, n);
    long v = c.getValue();
    return base64(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
