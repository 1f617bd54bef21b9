package io.tapline.storage.index;

import io.tapline.storage.testing.TestIndexes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same contract against a real PostgreSQL. */
class PostgresIndexIT extends IndexContract {
  static TestIndexes.Postgres pg;

  @BeforeAll
  static void start() {
    pg = TestIndexes.postgres();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Override
  IndexDatabase db() {
    return pg.index();
  }
}
