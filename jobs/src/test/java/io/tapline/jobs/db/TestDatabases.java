package io.tapline.jobs.db;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;

/** Migrated databases for tests. */
public final class TestDatabases {
  private TestDatabases() {}

  /** A private in-memory H2 database with the jobs schema; closed with the returned pool. */
  public static HikariDataSource h2InMemory() {
    JobsDatabaseSettings settings =
        new JobsDatabaseSettings(
            "jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
    HikariDataSource dataSource = JobsDatabase.dataSource(settings);
    JobsDatabase.migrate(dataSource, settings.vendor());
    return dataSource;
  }
}
