package io.tapline.storage.testing;

import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Index databases for tests in any module (storage's test-jar): an H2 file database in a
 * directory, or a real PostgreSQL started from the zonky binaries. Close what you open.
 */
public final class TestIndexes {
  private TestIndexes() {}

  public static IndexDatabase h2(Path dir) {
    return IndexDatabase.open(IndexSettings.h2(dir));
  }

  /** A running PostgreSQL; {@link Postgres#close()} stops it. */
  public static Postgres postgres() {
    try {
      return new Postgres(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  /** An embedded PostgreSQL server and an index database migrated inside it. */
  public static final class Postgres implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private final IndexDatabase index;

    Postgres(EmbeddedPostgres pg) {
      this.pg = pg;
      this.index = IndexDatabase.open(IndexSettings.postgres(pg.getJdbcUrl("postgres",
          "postgres"), "postgres", "postgres"));
    }

    public IndexDatabase index() {
      return index;
    }

    public String jdbcUrl() {
      return pg.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
      index.close();
      pg.close();
    }
  }
}
