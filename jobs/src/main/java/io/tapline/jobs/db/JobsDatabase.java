package io.tapline.jobs.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the jobs tables. Migrations live in {@code db/jobs} with their own history table, so they
 * share a database with the storage module's migrations without colliding.
 */
public final class JobsDatabase {
  private static final Logger log = LoggerFactory.getLogger(JobsDatabase.class);
  static final String HISTORY_TABLE = "flyway_jobs_history";

  private JobsDatabase() {}

  /** Applies pending migrations; safe to call on every start, from every node. */
  public static MigrateResult migrate(DataSource dataSource, DatabaseVendor vendor) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/jobs/common", vendor.migrationLocation())
            .table(HISTORY_TABLE)
            // The schema may already hold other modules' tables: start our history before V1.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
    log.info(
        "jobs schema on {} at version {} ({} migrations applied)",
        vendor,
        result.targetSchemaVersion,
        result.migrationsExecuted);
    return result;
  }

  /** A connection pool for the jobs tables (the Quartz job store keeps a pool of its own). */
  public static HikariDataSource dataSource(JobsDatabaseSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maxConnections());
    config.setPoolName("tapline-jobs");
    return new HikariDataSource(config);
  }
}
