package io.tapline.jobs.db;

import java.util.Locale;

/** The databases the jobs module runs on, and what differs between them. */
public enum DatabaseVendor {
  H2("h2", "org.h2.Driver", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
  POSTGRESQL(
      "postgresql", "org.postgresql.Driver", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");

  private final String migrationFolder;
  private final String jdbcDriverClass;
  private final String quartzDelegateClass;

  DatabaseVendor(String migrationFolder, String jdbcDriverClass, String quartzDelegateClass) {
    this.migrationFolder = migrationFolder;
    this.jdbcDriverClass = jdbcDriverClass;
    this.quartzDelegateClass = quartzDelegateClass;
  }

  public String jdbcDriverClass() {
    return jdbcDriverClass;
  }

  /** The vendor-specific migrations, beside the common ones. */
  public String migrationLocation() {
    return "classpath:db/jobs/" + migrationFolder;
  }

  public String quartzDelegateClass() {
    return quartzDelegateClass;
  }

  /**
   * @throws IllegalArgumentException for a URL of a database we have no schema for
   */
  public static DatabaseVendor fromJdbcUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL '" + jdbcUrl + "': the jobs module runs on H2 or PostgreSQL");
  }
}
