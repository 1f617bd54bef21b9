package io.tapline.storage.index;

import io.tapline.storage.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Files exchanged in conversations; a row exists only for a file already stored. */
public final class FileRepository {
  private static final String COLUMNS = "id, conversation_id, name, content_type, object_key, "
      + "size_bytes, stored_size, sha256, key_id, uploader_id, status, created_at";
  private final Jdbc jdbc;

  FileRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(FileRecord f) {
    StoredRef o = f.object();
    jdbc.update("INSERT INTO stored_file (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?)", f.id(), f.conversationId(), f.name(), f.contentType(), o.key(), o.size(),
        o.storedSize(), o.sha256(), o.keyId(), f.uploaderId(), f.status(), f.createdAt());
  }

  public Optional<FileRecord> find(String conversationId, String id) {
    return jdbc.one("SELECT " + COLUMNS + " FROM stored_file WHERE conversation_id = ? AND id = ?",
        FileRepository::map, conversationId, id);
  }

  /** A file by its id alone (ids are unique across conversations). */
  public Optional<FileRecord> findById(String id) {
    return jdbc.one("SELECT " + COLUMNS + " FROM stored_file WHERE id = ?", FileRepository::map, id);
  }

  public FileRecord get(String conversationId, String id) {
    return find(conversationId, id).orElseThrow(() -> new NotFoundException("no file " + id
        + " in conversation " + conversationId));
  }

  /** Available files of a conversation, oldest first. */
  public Page<FileRecord> list(String conversationId, PageRequest page) {
    return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM stored_file WHERE conversation_id = ? "
            + "AND status = 'AVAILABLE' ORDER BY created_at, id LIMIT ? OFFSET ?",
        FileRepository::map, conversationId, page.limit(), page.offset()), page,
        jdbc.count("SELECT COUNT(*) FROM stored_file WHERE conversation_id = ? "
            + "AND status = 'AVAILABLE'", conversationId));
  }

  /** Every file row of a conversation, whatever its status (for purge and fsck). */
  public List<FileRecord> all(String conversationId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM stored_file WHERE conversation_id = ? "
        + "ORDER BY id", FileRepository::map, conversationId);
  }

  public void markDeleting(String conversationId, String id) {
    if (jdbc.update("UPDATE stored_file SET status = 'DELETING' WHERE conversation_id = ? "
        + "AND id = ?", conversationId, id) == 0) {
      throw new NotFoundException("no file " + id + " in conversation " + conversationId);
    }
  }

  public boolean delete(String conversationId, String id) {
    return jdbc.update("DELETE FROM stored_file WHERE conversation_id = ? AND id = ?",
        conversationId, id) > 0;
  }

  private static FileRecord map(ResultSet rs) throws SQLException {
    return new FileRecord(rs.getString("id"), rs.getString("conversation_id"),
        rs.getString("name"), rs.getString("content_type"), RecordingRepository.ref(rs),
        rs.getString("uploader_id"), FileStatus.valueOf(rs.getString("status")),
        Jdbc.instant(rs, "created_at"));
  }
}
