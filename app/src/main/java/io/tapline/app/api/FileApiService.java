package io.tapline.app.api;

import io.tapline.app.api.ApiModels.FileView;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.content.StoredObject;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventPublisher;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.files.FileService;
import io.tapline.storage.index.FileRecord;
import io.tapline.storage.index.FileStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.PageRequest;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files exchanged in an application's conversations, over storage's {@link FileService}
 * (streamed, size-limited, type sniffed, SHA-256); {@code file.uploaded} and {@code file.deleted}
 * go to the application's webhooks.
 */
public final class FileApiService {
  private static final Logger log = LoggerFactory.getLogger(FileApiService.class);

  private final ConversationService conversations;
  private final FileService files;
  private final IndexDatabase index;
  private final EventPublisher events;
  private final Clock clock;

  public FileApiService(ConversationService conversations, FileService files, IndexDatabase index,
      EventPublisher events, Clock clock) {
    this.conversations = conversations;
    this.files = files;
    this.index = index;
    this.events = events;
    this.clock = clock;
  }

  /**
   * @param uploader who sent it, an id ({@code [A-Za-z0-9_-]{1,64}}); null = the application
   * @param name the client's file name, kept (sanitized) as a label only
   */
  public FileView upload(String app, String conversationId, String uploader, String name, InputStream body) {
    conversations.owned(app, conversationId);
    String who = uploader == null || uploader.isBlank() ? app : uploader;
    if (!ConversationService.ID.matcher(who).matches()) {
      throw ApiException.invalid("uploader must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-', got '"
          + who + "'");
    }
    FileRecord f = files.upload(conversationId, who, name, body);
    log.info("file {} uploaded to conversation {} by {} ({} bytes, {}, sha256 {})", f.id(), conversationId, who,
        f.object().size(), f.contentType(), f.object().sha256());
    Map<String, Object> data = eventData(f);
    data.put("name", f.name());
    data.put("size", f.object().size());
    data.put("contentType", f.contentType());
    data.put("sha256", f.object().sha256());
    data.put("uploader", f.uploaderId());
    events.publish(Event.of(EventType.FILE_UPLOADED, app, clock.instant(), data));
    return view(f);
  }

  public PageView<FileView> list(String app, String conversationId, PageRequest page) {
    conversations.owned(app, conversationId);
    var found = files.list(conversationId, page);
    return new PageView<>(found.items().stream().map(FileApiService::view).toList(), page.offset(), page.limit(),
        found.total());
  }

  public FileView get(String app, String fileId) {
    return view(owned(app, fileId));
  }

  public StoredObject object(String app, String fileId) {
    FileRecord f = owned(app, fileId);
    return new StoredObject(f.object().key(), f.object().size(), f.object().sha256(), f.contentType(), f.name(),
        f.object().keyId() != null);
  }

  public void delete(String app, String fileId) {
    FileRecord f = owned(app, fileId);
    files.delete(f.conversationId(), f.id());
    log.info("file {} of conversation {} deleted", f.id(), f.conversationId());
    events.publish(Event.of(EventType.FILE_DELETED, app, clock.instant(), eventData(f)));
  }

  private FileRecord owned(String app, String fileId) {
    ApiException notFound = ApiException.notFound("no file '" + fileId + "' in application '" + app + "'");
    if (fileId == null || !ConversationService.ID.matcher(fileId).matches()) {
      throw notFound;
    }
    FileRecord f = index.files().findById(fileId).filter(x -> x.status() == FileStatus.AVAILABLE)
        .orElseThrow(() -> notFound);
    try {
      conversations.owned(app, f.conversationId());
    } catch (ApiException e) {
      throw notFound;
    }
    return f;
  }

  private static Map<String, Object> eventData(FileRecord f) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conversationId", f.conversationId());
    data.put("fileId", f.id());
    return data;
  }

  static FileView view(FileRecord f) {
    return new FileView(f.id(), f.conversationId(), f.name(), f.object().size(), f.contentType(),
        f.object().sha256(), f.uploaderId(), f.createdAt());
  }
}
