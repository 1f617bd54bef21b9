package io.tapline.jobs.config;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The pool of the jobs tables, kept out of the context as a plain {@link DataSource} bean so it
 * neither replaces the app's own DataSource nor gets picked up by auto-configuration.
 */
public final class JobsDataSource implements AutoCloseable {
  private final HikariDataSource pool;

  JobsDataSource(HikariDataSource pool) {
    this.pool = pool;
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
