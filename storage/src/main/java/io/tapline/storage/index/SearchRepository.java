package io.tapline.storage.index;

import io.tapline.storage.StorageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Case-insensitive substring search over file names, participant names and chat text. Plain
 * {@code LOWER(..) LIKE} keeps it portable; user text is escaped so {@code %} and {@code _} match
 * literally.
 */
public final class SearchRepository {
  private final Jdbc jdbc;

  SearchRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @param conversationId restricts the search to one conversation, or null for all
   */
  public Page<SearchHit> search(String text, String conversationId, PageRequest page) {
    if (text == null || text.isBlank() || text.length() > 200) {
      throw StorageException.invalid("search text must be 1-200 characters");
    }
    String p = Jdbc.likePattern(text.strip());
    // Built per call: PostgreSQL cannot type a bare "? IS NULL" parameter.
    String scope = conversationId == null ? "" : " AND conversation_id = ?";
    String union = "SELECT 'file' AS kind, conversation_id, id, name AS matched, "
        + "created_at AS happened_at FROM stored_file WHERE status = 'AVAILABLE' "
        + "AND LOWER(name) LIKE ? ESCAPE '!'" + scope
        + " UNION ALL SELECT 'participant', conversation_id, id, display_name, joined_at "
        + "FROM participant WHERE LOWER(display_name) LIKE ? ESCAPE '!'" + scope
        + " UNION ALL SELECT 'chat', conversation_id, participant_id, body, occurred_at "
        + "FROM conversation_event WHERE event_type = 'chat' AND LOWER(body) LIKE ? "
        + "ESCAPE '!'" + scope;
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      args.add(p);
      if (conversationId != null) {
        args.add(conversationId);
      }
    }
    long total = jdbc.count("SELECT COUNT(*) FROM (" + union + ") hits", args.toArray());
    args.add(page.limit());
    args.add(page.offset());
    return new Page<>(jdbc.query("SELECT kind, conversation_id, id, matched, happened_at FROM ("
            + union + ") hits ORDER BY happened_at DESC, kind, id LIMIT ? OFFSET ?",
        rs -> new SearchHit(rs.getString("kind"), rs.getString("conversation_id"),
            rs.getString("id"), rs.getString("matched"), Jdbc.instant(rs, "happened_at")),
        args.toArray()),
        page, total);
  }
}
