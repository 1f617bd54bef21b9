package io.tapline.storage.index;

import io.tapline.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The few JDBC moves the repositories need, with SQL errors turned into typed ones. */
final class Jdbc {
  private static final String UNIQUE_VIOLATION = "23505";
  // PostgreSQL reports both directions as 23503; H2 uses 23506 for a missing parent.
  private static final java.util.Set<String> FOREIGN_KEY_VIOLATION = java.util.Set.of("23503",
      "23506");

  private final DataSource ds;
  private final ThreadLocal<Connection> tx = new ThreadLocal<>();

  Jdbc(DataSource ds) {
    this.ds = ds;
  }

  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  interface Work<T> {
    T run() throws SQLException;
  }

  int update(String sql, Object... args) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        return ps.executeUpdate();
      }
    });
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          List<T> out = new ArrayList<>();
          while (rs.next()) {
            out.add(mapper.map(rs));
          }
          return out;
        }
      }
    });
  }

  <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
    List<T> l = query(sql, mapper, args);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  long count(String sql, Object... args) {
    return one(sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  /**
   * Update-then-insert, portable across H2 and PostgreSQL: if a concurrent writer inserts the
   * same natural key between our two statements, its unique violation sends us back to update.
   * Each statement commits on its own, so a failed insert does not poison a transaction.
   */
  void upsert(String updateSql, Object[] updateArgs, String insertSql, Object[] insertArgs) {
    if (update(updateSql, updateArgs) > 0) {
      return;
    }
    try {
      update(insertSql, insertArgs);
    } catch (DuplicateKeyException raced) {
      if (update(updateSql, updateArgs) == 0) {
        throw raced;
      }
    }
  }

  /** Runs {@code work} in one transaction; nested calls join it. */
  <T> T inTransaction(Work<T> work) {
    if (tx.get() != null) {
      return call(work);
    }
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      tx.set(c);
      try {
        T r = work.run();
        c.commit();
        return r;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        tx.remove();
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private <T> T call(Work<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private interface ConnectionWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T withConnection(ConnectionWork<T> work) {
    Connection joined = tx.get();
    try {
      if (joined != null) {
        return work.run(joined);
      }
      try (Connection c = ds.getConnection()) {
        return work.run(c);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  static RuntimeException translate(SQLException e) {
    String state = e.getSQLState();
    if (UNIQUE_VIOLATION.equals(state)) {
      return new DuplicateKeyException(e);
    }
    if (FOREIGN_KEY_VIOLATION.contains(state)) {
      return new StorageException("refers to a row that does not exist: " + e.getMessage(), true,
          e);
    }
    return StorageException.unavailable("index database error: " + e.getMessage(), e);
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Instant t) {
        ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (a instanceof Enum<?> en) {
        ps.setString(i + 1, en.name());
      } else if (a == null) {
        ps.setObject(i + 1, null);
      } else {
        ps.setObject(i + 1, a);
      }
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** Escapes LIKE wildcards so user text matches literally (ESCAPE '!'). */
  static String likePattern(String text) {
    String t = text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return "%" + t.toLowerCase(java.util.Locale.ROOT) + "%";
  }

}
