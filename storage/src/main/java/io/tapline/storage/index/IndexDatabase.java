package io.tapline.storage.index;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The index database: a pooled {@link DataSource} migrated to the current schema by Flyway on
 * open. Repositories take it; other modules (Spring Batch, Quartz) may share the same database.
 */
public final class IndexDatabase implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbc jdbc;

  private IndexDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbc = new Jdbc(dataSource);
  }

  /** Opens a pool and applies pending migrations from {@code db/migration}. */
  public static IndexDatabase open(IndexSettings settings) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(settings.jdbcUrl());
    c.setUsername(settings.user());
    c.setPassword(settings.password());
    c.setMaximumPoolSize(settings.maxPoolSize());
    c.setPoolName("tapline-index");
    HikariDataSource ds = new HikariDataSource(c);
    try {
      migrate(ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new IndexDatabase(ds);
  }

  /** Applies the migrations to a database someone else pools (the app's Spring context). */
  public static void migrate(DataSource ds) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        // Our own history table: other modules may run their own Flyway on this database.
        .table("tapline_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  Jdbc jdbc() {
    return jdbc;
  }

  public ConversationRepository conversations() {
    return new ConversationRepository(jdbc);
  }

  public RecordingRepository recordings() {
    return new RecordingRepository(jdbc);
  }

  public FileRepository files() {
    return new FileRepository(jdbc);
  }

  public SearchRepository search() {
    return new SearchRepository(jdbc);
  }

  public AccessRepository access() {
    return new AccessRepository(jdbc);
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
