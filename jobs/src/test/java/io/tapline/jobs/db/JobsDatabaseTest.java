package io.tapline.jobs.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class JobsDatabaseTest {

  @Test
  void migratesBesideOtherTablesAndIsIdempotent() throws Exception {
    JobsDatabaseSettings settings =
        new JobsDatabaseSettings("jdbc:h2:mem:jobs-db-test;DB_CLOSE_DELAY=-1", "sa", "", 2);
    try (HikariDataSource ds = JobsDatabase.dataSource(settings)) {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        // Another module's table already there, as with the storage module's migrations.
        s.execute("CREATE TABLE conversations (id VARCHAR(64) PRIMARY KEY)");
      }
      // V1 Quartz (per vendor), V2 schedules and webhooks, V3 indexes for the paged lists
      assertEquals(3, JobsDatabase.migrate(ds, settings.vendor()).migrationsExecuted);
      assertEquals(0, JobsDatabase.migrate(ds, settings.vendor()).migrationsExecuted);
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN"
                      + " ('QRTZ_TRIGGERS', 'QRTZ_LOCKS', 'RECORDING_SCHEDULE',"
                      + " 'SCHEDULE_OCCURRENCE', 'WEBHOOK_DELIVERY', 'CONVERSATIONS')")) {
        assertTrue(rs.next());
        assertEquals(6, rs.getInt(1));
      }
    }
  }

  @Test
  void vendorFromUrl() {
    assertEquals(DatabaseVendor.H2, DatabaseVendor.fromJdbcUrl("jdbc:h2:file:./data/x"));
    assertEquals(
        DatabaseVendor.POSTGRESQL, DatabaseVendor.fromJdbcUrl("jdbc:postgresql://127.0.0.1/db"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DatabaseVendor.fromJdbcUrl("jdbc:mysql://x/db"));
    assertTrue(e.getMessage().contains("H2 or PostgreSQL"), e.getMessage());
  }
}
