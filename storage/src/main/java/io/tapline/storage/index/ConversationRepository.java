package io.tapline.storage.index;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conversations, their status history, participants and events. */
public final class ConversationRepository {
  private static final String COLUMNS = "id, title, status, planned_start, planned_end, "
      + "configuration, retain_until, created_at, updated_at";
  private final Jdbc jdbc;

  ConversationRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates or updates a conversation by id; a status change is written to its history. */
  public Conversation save(String id, String title, ConversationStatus status,
      Instant plannedStart, Instant plannedEnd, String configuration, Instant now) {
    KeyLayout.id(id);
    if (title == null || title.isBlank() || title.length() > 512) {
      throw StorageException.invalid("title must be 1-512 characters");
    }
    if (plannedStart != null && plannedEnd != null && plannedEnd.isBefore(plannedStart)) {
      throw StorageException.invalid("planned end is before planned start");
    }
    return jdbc.inTransaction(() -> {
      Optional<Conversation> old = find(id);
      jdbc.upsert("UPDATE conversation SET title = ?, status = ?, planned_start = ?, "
              + "planned_end = ?, configuration = ?, updated_at = ? WHERE id = ?",
          new Object[] {title, status, plannedStart, plannedEnd, configuration, now, id},
          "INSERT INTO conversation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          new Object[] {id, title, status, plannedStart, plannedEnd, configuration, null, now,
              now});
      if (old.isEmpty() || old.get().status() != status) {
        jdbc.update("INSERT INTO conversation_history (conversation_id, occurred_at, "
                + "from_status, to_status, note) VALUES (?, ?, ?, ?, ?)", id, now,
            old.map(Conversation::status).orElse(null), status, null);
      }
      return find(id).orElseThrow();
    });
  }

  /** Moves a conversation to {@code status}, recording who/why in its history. */
  public void changeStatus(String id, ConversationStatus status, String note, Instant now) {
    jdbc.inTransaction(() -> {
      Conversation c = get(id);
      if (c.status() == status) {
        return null;
      }
      jdbc.update("UPDATE conversation SET status = ?, updated_at = ? WHERE id = ?", status, now,
          id);
      jdbc.update("INSERT INTO conversation_history (conversation_id, occurred_at, from_status, "
          + "to_status, note) VALUES (?, ?, ?, ?, ?)", id, now, c.status(), status, note);
      return null;
    });
  }

  /** Sets how long the conversation's content is kept; null keeps it forever. */
  public void retainUntil(String id, Instant until) {
    if (jdbc.update("UPDATE conversation SET retain_until = ? WHERE id = ?", until, id) == 0) {
      throw new NotFoundException("no conversation " + id);
    }
  }

  public Optional<Conversation> find(String id) {
    return jdbc.one("SELECT " + COLUMNS + " FROM conversation WHERE id = ?",
        ConversationRepository::map, id);
  }

  public Conversation get(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("no conversation " + id));
  }

  public Page<Conversation> list(PageRequest page) {
    return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM conversation "
            + "ORDER BY created_at DESC, id LIMIT ? OFFSET ?", ConversationRepository::map,
        page.limit(), page.offset()), page, jdbc.count("SELECT COUNT(*) FROM conversation"));
  }

  /** Conversations whose retention has run out (candidates for a purge). */
  public List<String> expired(Instant now, int limit) {
    return jdbc.query("SELECT id FROM conversation WHERE retain_until IS NOT NULL AND "
        + "retain_until <= ? ORDER BY retain_until, id LIMIT ?", rs -> rs.getString(1), now,
        limit);
  }

  /** Deletes the conversation row and, by cascade, everything indexed under it. */
  public boolean delete(String id) {
    return jdbc.update("DELETE FROM conversation WHERE id = ?", id) > 0;
  }

  public List<StatusChange> history(String id) {
    return jdbc.query("SELECT occurred_at, from_status, to_status, note FROM "
        + "conversation_history WHERE conversation_id = ? ORDER BY occurred_at, id",
        rs -> new StatusChange(Jdbc.instant(rs, "occurred_at"),
            status(rs.getString("from_status")), status(rs.getString("to_status")),
            rs.getString("note")), id);
  }

  /** Adds or updates a participant (natural key: conversation id + participant id). */
  public void saveParticipant(Participant p) {
    KeyLayout.id(p.id());
    if (p.displayName() == null || p.displayName().length() > 256) {
      throw StorageException.invalid("display name must be at most 256 characters");
    }
    jdbc.upsert("UPDATE participant SET display_name = ?, role = ?, joined_at = ?, left_at = ? "
            + "WHERE conversation_id = ? AND id = ?",
        new Object[] {p.displayName(), p.role(), p.joinedAt(), p.leftAt(), p.conversationId(),
            p.id()},
        "INSERT INTO participant (conversation_id, id, display_name, role, joined_at, left_at) "
            + "VALUES (?, ?, ?, ?, ?, ?)",
        new Object[] {p.conversationId(), p.id(), p.displayName(), p.role(), p.joinedAt(),
            p.leftAt()});
  }

  public List<Participant> participants(String conversationId) {
    return jdbc.query("SELECT conversation_id, id, display_name, role, joined_at, left_at "
        + "FROM participant WHERE conversation_id = ? ORDER BY joined_at, id",
        rs -> new Participant(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), Jdbc.instant(rs, "joined_at"), Jdbc.instant(rs, "left_at")),
        conversationId);
  }

  public void addEvent(ConversationEvent e) {
    if (e.body() != null && e.body().length() > 8192) {
      throw StorageException.invalid("event body longer than 8192 characters");
    }
    jdbc.update("INSERT INTO conversation_event (conversation_id, occurred_at, event_type, "
        + "participant_id, body) VALUES (?, ?, ?, ?, ?)", e.conversationId(), e.at(), e.type(),
        e.participantId(), e.body());
  }

  public Page<ConversationEvent> events(String conversationId, PageRequest page) {
    return new Page<>(jdbc.query("SELECT conversation_id, occurred_at, event_type, "
            + "participant_id, body FROM conversation_event WHERE conversation_id = ? "
            + "ORDER BY occurred_at, id LIMIT ? OFFSET ?", ConversationRepository::event,
        conversationId, page.limit(), page.offset()), page,
        jdbc.count("SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ?",
            conversationId));
  }

  static ConversationEvent event(ResultSet rs) throws SQLException {
    return new ConversationEvent(rs.getString(1), Jdbc.instant(rs, "occurred_at"),
        rs.getString(3), rs.getString(4), rs.getString(5));
  }

  private static ConversationStatus status(String s) {
    return s == null ? null : ConversationStatus.valueOf(s);
  }

  private static Conversation map(ResultSet rs) throws SQLException {
    return new Conversation(rs.getString("id"), rs.getString("title"),
        ConversationStatus.valueOf(rs.getString("status")), Jdbc.instant(rs, "planned_start"),
        Jdbc.instant(rs, "planned_end"), rs.getString("configuration"),
        Jdbc.instant(rs, "retain_until"), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "updated_at"));
  }
}
