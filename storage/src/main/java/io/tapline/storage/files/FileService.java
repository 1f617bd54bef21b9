package io.tapline.storage.files;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import io.tapline.storage.index.FileRecord;
import io.tapline.storage.index.FileRepository;
import io.tapline.storage.index.FileStatus;
import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.StoredContent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Files people exchange in a conversation: streamed upload (never buffered whole) with a size
 * limit, a sniffed content type, a SHA-256 and the uploader; list, download, presign, delete.
 * The object is stored first and indexed second, so a listed file is always downloadable.
 */
public final class FileService {
  private final ContentStore content;
  private final FileRepository files;
  private final FileLimits limits;
  private final Clock clock;

  public FileService(ContentStore content, FileRepository files, FileLimits limits, Clock clock) {
    this.content = content;
    this.files = files;
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * @param clientName the name the uploader gave; sanitized and kept as a label only
   * @throws io.tapline.storage.object.ObjectTooLargeException past the limit (nothing is kept)
   */
  public FileRecord upload(String conversationId, String uploaderId, String clientName,
      InputStream in) {
    KeyLayout.id(conversationId);
    KeyLayout.id(uploaderId);
    String id = UUID.randomUUID().toString().replace("-", "");
    String key = KeyLayout.file(conversationId, id);
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    String type;
    try {
      buffered.mark(ContentSniffer.HEAD);
      byte[] head = buffered.readNBytes(ContentSniffer.HEAD);
      buffered.reset();
      type = ContentSniffer.sniff(head, head.length);
    } catch (IOException e) {
      throw StorageException.unavailable("cannot read the upload", e);
    }
    StoredContent stored = content.putStream(key, buffered, type, limits.maxBytes());
    FileRecord rec = new FileRecord(id, conversationId, FileNames.sanitize(clientName), type,
        StoredRef.of(stored), uploaderId, FileStatus.AVAILABLE, clock.instant());
    try {
      files.insert(rec);
    } catch (RuntimeException e) {
      // Not indexed means not listed: remove the object rather than leave an orphan.
      try {
        content.objects().delete(key);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return rec;
  }

  public Page<FileRecord> list(String conversationId, PageRequest page) {
    return files.list(conversationId, page);
  }

  public FileRecord get(String conversationId, String fileId) {
    FileRecord f = files.get(conversationId, fileId);
    if (f.status() != FileStatus.AVAILABLE) {
      throw new NotFoundException("file " + fileId + " is being deleted");
    }
    return f;
  }

  public InputStream download(String conversationId, String fileId) {
    return content.open(get(conversationId, fileId).object().key());
  }

  /** Bytes {@code first}..{@code last} inclusive (HTTP Range). */
  public InputStream download(String conversationId, String fileId, long first, long last) {
    return content.open(get(conversationId, fileId).object().key(), first, last);
  }

  /** A presigned GET; refused for files encrypted at rest (stream those). */
  public URI presign(String conversationId, String fileId, Duration expiry) {
    return content.presignGet(get(conversationId, fileId).object().key(), expiry);
  }

  /**
   * Marks the row, deletes the object, then the row: a crash in between leaves a DELETING row
   * that a second call (or the purge) finishes. Deleting an unknown file is a 404.
   */
  public void delete(String conversationId, String fileId) {
    FileRecord f = files.get(conversationId, fileId);
    files.markDeleting(conversationId, fileId);
    content.objects().delete(f.object().key());
    files.delete(conversationId, fileId);
  }
}
