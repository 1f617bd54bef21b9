package io.tapline.storage.object;

import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Raw bytes in one S3 bucket: uploads (single or multipart, checksummed, retried), streaming and
 * ranged downloads, listing, deletion and presigned GET URLs. Knows nothing of encryption or the
 * index; {@code ContentStore} builds on it. Thread-safe; one per process.
 */
public final class ObjectStore implements AutoCloseable {
  private final S3Settings settings;
  private final S3Client s3;
  private final S3Presigner presigner;
  private final Retrier retrier;
  private final ExecutorService partPool;
  private final MultipartUploader uploader;

  public ObjectStore(S3Settings settings) {
    this.settings = settings;
    this.s3 = S3Clients.client(settings);
    this.presigner = S3Clients.presigner(settings);
    this.retrier = new Retrier(settings.retry());
    this.partPool = Executors.newFixedThreadPool(settings.uploadConcurrency(), r -> {
      Thread t = new Thread(r, "tapline-s3-part");
      t.setDaemon(true);
      return t;
    });
    // One buffer per part in flight plus the one being filled, kept for the next upload.
    this.uploader = new MultipartUploader(s3, settings, retrier, partPool,
        new PartBuffers((int) settings.partSizeBytes(), settings.uploadConcurrency() + 1));
  }

  public S3Settings settings() {
    return settings;
  }

  /** Creates the bucket if it does not exist yet. */
  public void ensureBucket() {
    retrier.call("create bucket " + settings.bucket(), () -> {
      try {
        s3.headBucket(b -> b.bucket(settings.bucket()));
        return null;
      } catch (S3Exception e) {
        if (e.statusCode() != 404) {
          throw e;
        }
      }
      try {
        s3.createBucket(b -> b.bucket(settings.bucket()));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // Another node created it first.
      }
      return null;
    });
  }

  /**
   * Stores {@code in} under {@code key}; the object only becomes visible once complete.
   *
   * @param resumeUploadId an interrupted upload of the same bytes to continue, or null
   * @param onCreated told the id of a new multipart upload before its first part is sent
   * @param abortOnFailure whether a failed multipart upload is aborted (false keeps its parts for
   *     a resume)
   */
  public Stored put(String key, InputStream in, String contentType, Map<String, String> metadata,
      String resumeUploadId, Consumer<String> onCreated, boolean abortOnFailure) {
    return put(key, in, contentType, metadata, resumeUploadId, onCreated, abortOnFailure,
        BodyObserver.NONE);
  }

  /** As above; {@code observer} sees every byte while it is being sent (to hash it meanwhile). */
  public Stored put(String key, InputStream in, String contentType, Map<String, String> metadata,
      String resumeUploadId, Consumer<String> onCreated, boolean abortOnFailure,
      BodyObserver observer) {
    checkKey(key);
    try {
      var r = uploader.upload(key, in, contentType, metadata, resumeUploadId, onCreated,
          abortOnFailure, observer);
      return new Stored(key, r.size(), r.parts(), r.eTag());
    } catch (IOException e) {
      throw StorageException.unavailable("cannot read the source of " + key, e);
    }
  }

  /** Stores {@code in} under {@code key}, aborting cleanly on failure. */
  public Stored put(String key, InputStream in, String contentType) {
    return put(key, in, contentType, Map.of(), null, id -> {}, true);
  }

  /** The whole object as a stream; close it. */
  public InputStream get(String key) {
    return open(key, null);
  }

  /** Bytes {@code first} to {@code last} inclusive (an HTTP Range). */
  public InputStream get(String key, long first, long last) {
    if (first < 0 || last < first) {
      throw StorageException.invalid("bad range " + first + "-" + last);
    }
    return open(key, "bytes=" + first + "-" + last);
  }

  private ResponseInputStream<GetObjectResponse> open(String key, String range) {
    checkKey(key);
    try {
      return retrier.call("get " + key, () -> s3.getObject(b -> b.bucket(settings.bucket())
          .key(key).range(range)));
    } catch (NoSuchKeyException e) {
      throw new NotFoundException("no object " + key);
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        throw StorageException.invalid("range " + range + " not satisfiable for " + key);
      }
      throw StorageException.unavailable("get " + key + " failed: " + e.getMessage(), e);
    }
  }

  public Optional<ObjectInfo> head(String key) {
    checkKey(key);
    try {
      var h = retrier.call("head " + key, () -> s3.headObject(b -> b.bucket(settings.bucket())
          .key(key)));
      return Optional.of(new ObjectInfo(key, h.contentLength(), h.eTag(), h.lastModified(),
          h.metadata()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Deletes one object; deleting a missing one is not an error (purges re-run). */
  public void delete(String key) {
    checkKey(key);
    retrier.call("delete " + key, () -> s3.deleteObject(b -> b.bucket(settings.bucket())
        .key(key)));
  }

  /** Deletes every object under {@code prefix}; returns how many. */
  public int deletePrefix(String prefix) {
    checkKey(prefix);
    List<ObjectInfo> all = list(prefix);
    for (int i = 0; i < all.size(); i += 1000) {
      List<ObjectIdentifier> batch = all.subList(i, Math.min(all.size(), i + 1000)).stream()
          .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      var r = retrier.call("delete under " + prefix, () -> s3.deleteObjects(b -> b
          .bucket(settings.bucket()).delete(d -> d.objects(batch).quiet(true))));
      if (r.hasErrors() && !r.errors().isEmpty()) {
        throw StorageException.unavailable("could not delete " + r.errors().size()
            + " objects under " + prefix + ", first: " + r.errors().get(0).message(), null);
      }
    }
    return all.size();
  }

  /** Every complete object under {@code prefix} (never parts of unfinished uploads). */
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    retrier.call("list " + prefix, () -> {
      out.clear();
      s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents()
          .forEach(o -> out.add(new ObjectInfo(o.key(), o.size(), o.eTag(), o.lastModified(),
              Map.of())));
      return out;
    });
    return out;
  }

  /** Multipart uploads started and neither completed nor aborted. */
  public List<MultipartUpload> unfinishedUploads(String prefix) {
    List<MultipartUpload> out = new ArrayList<>();
    retrier.call("list uploads " + prefix, () -> {
      out.clear();
      s3.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket()).prefix(prefix))
          .uploads().forEach(out::add);
      return out;
    });
    return out;
  }

  public void abortUpload(String key, String uploadId) {
    uploader.abort(key, uploadId);
  }

  /** A URL anyone can GET until it expires; the signature covers bucket, key and expiry. */
  public URI presignGet(String key, Duration expiry) {
    checkKey(key);
    if (expiry.isNegative() || expiry.isZero()
        || expiry.compareTo(S3Settings.MAX_PRESIGN_EXPIRY) > 0) {
      throw StorageException.invalid("presigned URL expiry must be within (0, 7 days]: "
          + expiry);
    }
    var p = presigner.presignGetObject(b -> b.signatureDuration(expiry)
        .getObjectRequest(g -> g.bucket(settings.bucket()).key(key)));
    try {
      return p.url().toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("presigner produced a bad URL", e);
    }
  }

  /** Same with the configured default expiry. */
  public URI presignGet(String key) {
    return presignGet(key, settings.presignExpiry());
  }

  /** A presigned PUT (used by the benchmark's bare-HTTP baseline). */
  public URI presignPut(String key, Duration expiry) {
    checkKey(key);
    var p = presigner.presignPutObject(b -> b.signatureDuration(expiry)
        .putObjectRequest(g -> g.bucket(settings.bucket()).key(key)));
    try {
      return p.url().toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("presigner produced a bad URL", e);
    }
  }

  @Override
  public void close() {
    partPool.shutdownNow();
    presigner.close();
    s3.close();
  }

  /** Keys are built by {@code KeyLayout}; this guards against a caller's raw string. */
  static void checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 1024 || key.startsWith("/")
        || key.contains("//") || key.contains("..") || key.chars().anyMatch(c -> c < 0x20)) {
      throw StorageException.invalid("not a valid object key: " + key);
    }
  }

  /** A completed upload: bytes stored, parts used (0 = single PUT), the server's ETag. */
  public record Stored(String key, long size, int parts, String eTag) {}
}
