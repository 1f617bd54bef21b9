package io.tapline.storage.object;

import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import io.tapline.storage.crypto.EnvelopeCipher;
import io.tapline.storage.crypto.EnvelopeHeader;
import io.tapline.storage.crypto.KeyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Content on top of {@link ObjectStore}: every upload is SHA-256-hashed and sized as plaintext,
 * optionally envelope-encrypted, and (for local files) journaled so that after a crash
 * {@link #recover} can finish or abort it. Reads decrypt transparently, including byte ranges.
 * Segments, per-track files, compositions and exchanged files all go through here.
 */
public final class ContentStore {
  /** User metadata naming the master key of an encrypted object. */
  public static final String META_KEY_ID = "tapline-key-id";
  private static final String META_ENVELOPE = "tapline-envelope";

  private final ObjectStore objects;
  private final EnvelopeCipher cipher;
  private final UploadJournal journal;

  /**
   * @param cipher encrypts new objects when non-null; reading an encrypted object without it
   *     fails with {@link KeyUnavailableException}
   */
  public ContentStore(ObjectStore objects, EnvelopeCipher cipher, UploadJournal journal) {
    this.objects = objects;
    this.cipher = cipher;
    this.journal = journal;
  }

  public ObjectStore objects() {
    return objects;
  }

  public boolean encrypting() {
    return cipher != null;
  }

  /** Uploads a local file (a closed segment, a rendered composition), resumable after a crash. */
  public StoredContent putFile(String key, Path file, String contentType) {
    long size = size(file);
    return uploadFile(key, file, size, contentType, null, null);
  }

  /**
   * Uploads a stream of unknown length without buffering it whole; fails with {@link
   * ObjectTooLargeException} past {@code maxBytes} and then stores nothing.
   */
  public StoredContent putStream(String key, InputStream in, String contentType, long maxBytes) {
    try {
      // Plaintext goes to the store as is: hash it there, beside the request. Encrypted, only
      // ciphertext reaches the store, so the plaintext is hashed as the cipher reads it.
      var counted = new CountingDigestInputStream(in, maxBytes, cipher != null);
      Map<String, String> meta = new HashMap<>();
      InputStream body = counted;
      BodyObserver hash = BodyObserver.NONE;
      String keyId = null;
      if (cipher != null) {
        var enc = cipher.encrypt(counted);
        keyId = enc.header().keyId();
        meta.put(META_KEY_ID, keyId);
        body = enc.stored();
      } else {
        hash = counted.observer();
      }
      var stored = objects.put(key, body, contentType, meta, null, id -> {}, true, hash);
      return new StoredContent(key, counted.count(), stored.size(), counted.sha256Hex(), keyId);
    } catch (IOException e) {
      throw StorageException.unavailable("cannot read upload for " + key, e);
    }
  }

  private StoredContent uploadFile(String key, Path file, long size, String contentType,
      String resumeId, Map<String, String> resumeMeta) {
    Map<String, String> meta = new HashMap<>();
    try (InputStream raw = Files.newInputStream(file)) {
      boolean encrypt = cipher != null
          || (resumeMeta != null && resumeMeta.containsKey(META_ENVELOPE));
      var counted = new CountingDigestInputStream(raw, Long.MAX_VALUE, encrypt);
      InputStream body = counted;
      String keyId = null;
      if (encrypt) {
        if (cipher == null) {
          throw new KeyUnavailableException(resumeMeta.get(META_KEY_ID));
        }
        var enc = resumeMeta != null && resumeMeta.containsKey(META_ENVELOPE)
            ? cipher.resume(Base64.getDecoder().decode(resumeMeta.get(META_ENVELOPE)), counted)
            : cipher.encrypt(counted);
        keyId = enc.header().keyId();
        meta.put(META_KEY_ID, keyId);
        body = enc.stored();
        // Kept only in the journal: a resume must re-encrypt under the same data key.
        meta.put(META_ENVELOPE, Base64.getEncoder().encodeToString(enc.header().encoded()));
      }
      Map<String, String> objectMeta = new HashMap<>(meta);
      objectMeta.remove(META_ENVELOPE);
      String[] created = {resumeId};
      var stored = objects.put(key, body, contentType, objectMeta, resumeId, id -> {
        created[0] = id;
        journal.begin(new PendingUpload(key, id, file, size, contentType, meta, Instant.now()));
      }, false, encrypt ? BodyObserver.NONE : counted.observer());
      if (counted.count() != size) {
        throw StorageException.unavailable(file + " changed size during upload", null);
      }
      if (created[0] != null) {
        journal.end(created[0]);
      }
      return new StoredContent(key, size, stored.size(), counted.sha256Hex(), keyId);
    } catch (IOException e) {
      throw StorageException.unavailable("cannot read " + file + " for " + key, e);
    }
  }

  /** The whole plaintext of {@code key}. */
  public InputStream open(String key) {
    ObjectInfo info = objects.head(key).orElseThrow(() -> new NotFoundException("no object "
        + key));
    if (!info.metadata().containsKey(META_KEY_ID)) {
      return objects.get(key);
    }
    requireCipher(info);
    InputStream stored = objects.get(key);
    try {
      return cipher.decrypt(stored, info.size());
    } catch (IOException | RuntimeException e) {
      closeQuietly(stored);
      throw wrap(key, e);
    }
  }

  /** Plaintext bytes {@code first} to {@code last} inclusive. */
  public InputStream open(String key, long first, long last) {
    ObjectInfo info = objects.head(key).orElseThrow(() -> new NotFoundException("no object "
        + key));
    if (!info.metadata().containsKey(META_KEY_ID)) {
      if (first < 0 || last < first || first >= info.size()) {
        throw StorageException.invalid("range " + first + "-" + last + " outside " + key
            + " of " + info.size() + " bytes");
      }
      return objects.get(key, first, Math.min(last, info.size() - 1));
    }
    requireCipher(info);
    try {
      EnvelopeHeader h;
      try (InputStream head = objects.get(key, 0,
          Math.min(info.size(), EnvelopeHeader.MAX_LENGTH) - 1)) {
        h = EnvelopeHeader.read(head);
      }
      long plain = h.plainSize(info.size());
      if (first < 0 || last < first || first >= plain) {
        throw StorageException.invalid("range " + first + "-" + last + " outside " + key
            + " of " + plain + " bytes");
      }
      var plan = cipher.planRange(h, info.size(), first, Math.min(last, plain - 1));
      return cipher.decryptRange(plan, objects.get(key, plan.storedFirst(), plan.storedLast()));
    } catch (IOException e) {
      throw wrap(key, e);
    }
  }

  /** Plaintext size of a stored object. */
  public long size(String key) {
    ObjectInfo info = objects.head(key).orElseThrow(() -> new NotFoundException("no object "
        + key));
    if (!info.metadata().containsKey(META_KEY_ID)) {
      return info.size();
    }
    try (InputStream head = objects.get(key, 0,
        Math.min(info.size(), EnvelopeHeader.MAX_LENGTH) - 1)) {
      return EnvelopeHeader.read(head).plainSize(info.size());
    } catch (IOException e) {
      throw wrap(key, e);
    }
  }

  /**
   * A presigned GET for a plain object. Encrypted objects cannot be served that way (the URL would
   * hand out ciphertext): stream them through {@link #open} instead.
   */
  public URI presignGet(String key, Duration expiry) {
    ObjectInfo info = objects.head(key).orElseThrow(() -> new NotFoundException("no object "
        + key));
    if (info.metadata().containsKey(META_KEY_ID)) {
      throw StorageException.invalid(key + " is encrypted at rest; download it through the API");
    }
    return objects.presignGet(key, expiry);
  }

  /** A presigned GET with the configured default expiry ({@link S3Settings#presignExpiry()}). */
  public URI presignGet(String key) {
    return presignGet(key, objects.settings().presignExpiry());
  }

  /**
   * After a restart: finishes journaled file uploads whose source is still there unchanged,
   * aborts those whose source is gone, and aborts unjournaled multipart uploads under {@code
   * prefix} older than {@code grace} (stream uploads, which cannot be resumed). Nothing
   * half-written is ever visible: an object appears only when its upload completes.
   */
  public RecoveryReport recover(String prefix, Duration grace) {
    List<StoredContent> completed = new ArrayList<>();
    List<String> aborted = new ArrayList<>();
    Set<String> journaled = new HashSet<>();
    for (PendingUpload p : journal.pending()) {
      journaled.add(p.uploadId());
      boolean sourceOk = Files.isRegularFile(p.source()) && sizeOrMinus1(p.source())
          == p.sourceSize();
      if (sourceOk) {
        try {
          completed.add(uploadFile(p.key(), p.source(), p.sourceSize(), p.contentType(),
              p.uploadId(), p.metadata()));
          journal.end(p.uploadId());
          continue;
        } catch (StorageException e) {
          if (!e.isCallerFault() && !(e instanceof KeyUnavailableException)) {
            throw e; // service still down: keep the journal entry for the next attempt
          }
        }
      }
      objects.abortUpload(p.key(), p.uploadId());
      journal.end(p.uploadId());
      aborted.add(p.key());
    }
    Instant cutoff = Instant.now().minus(grace);
    for (var u : objects.unfinishedUploads(prefix)) {
      if (!journaled.contains(u.uploadId()) && u.initiated() != null
          && u.initiated().isBefore(cutoff)) {
        objects.abortUpload(u.key(), u.uploadId());
        aborted.add(u.key());
      }
    }
    return new RecoveryReport(completed, aborted);
  }

  /** Outcome of {@link #recover}: objects completed (to index) and keys whose upload was aborted. */
  public record RecoveryReport(List<StoredContent> completed, List<String> aborted) {}

  private void requireCipher(ObjectInfo info) {
    if (cipher == null) {
      throw new KeyUnavailableException(info.metadata().get(META_KEY_ID));
    }
  }

  private static StorageException wrap(String key, Exception e) {
    if (e instanceof StorageException se) {
      return se;
    }
    if (e instanceof IOException io) {
      return StorageException.unavailable("cannot read " + key, io);
    }
    return StorageException.unavailable("cannot read " + key + ": " + e, e);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file, e);
    }
  }

  private static long sizeOrMinus1(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // Already failing; the first error is the one to report.
    }
  }
}
