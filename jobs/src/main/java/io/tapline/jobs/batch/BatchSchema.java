package io.tapline.jobs.batch;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates Spring Batch's job repository tables ({@code BATCH_*}, the DDL shipped in
 * spring-batch-core) in the index database when they are missing, on H2 or PostgreSQL. Safe on
 * every start and from several nodes: a node that loses the race to create them finds them there.
 */
public final class BatchSchema {
  private static final Logger log = LoggerFactory.getLogger(BatchSchema.class);
  static final String PROBE_TABLE = "BATCH_JOB_INSTANCE";

  private BatchSchema() {}

  /** Creates the tables unless they exist; returns whether it created them. */
  public static boolean initialize(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      if (exists(c)) {
        return false;
      }
      String script = "org/springframework/batch/core/schema-" + vendor(c) + ".sql";
      try {
        new ResourceDatabasePopulator(new ClassPathResource(script)).populate(c);
      } catch (RuntimeException e) {
        if (exists(c)) {
          return false; // another node created them meanwhile
        }
        throw e;
      }
      log.info("created the Spring Batch tables from {}", script);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the Spring Batch tables: " + e.getMessage(),
          e);
    }
  }

  static String vendor(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("h2")) {
      return "h2";
    }
    if (product.contains("postgres")) {
      return "postgresql";
    }
    throw new IllegalStateException("the job repository needs H2 or PostgreSQL, not " + product);
  }

  private static boolean exists(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (String name : new String[] {PROBE_TABLE, PROBE_TABLE.toLowerCase(Locale.ROOT)}) {
      try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
