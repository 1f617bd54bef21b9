package io.tapline.jobs.db;

import java.util.Objects;

/**
 * Where the jobs tables live (Quartz job store, schedules, webhook outbox). The default is an H2
 * file, so schedules and pending deliveries survive a restart; a cluster points every node at one
 * PostgreSQL.
 */
public record JobsDatabaseSettings(String url, String user, String password, int maxConnections) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/tapline-jobs;DB_CLOSE_ON_EXIT=FALSE";

  public JobsDatabaseSettings {
    Objects.requireNonNull(url, "url");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "maxConnections must be at least 1, got " + maxConnections);
    }
  }

  public static JobsDatabaseSettings defaults() {
    return new JobsDatabaseSettings(DEFAULT_URL, "sa", "", 5);
  }

  public DatabaseVendor vendor() {
    return DatabaseVendor.fromJdbcUrl(url);
  }
}
