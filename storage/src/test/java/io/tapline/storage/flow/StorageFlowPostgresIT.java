package io.tapline.storage.flow;

import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.testing.TestIndexes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class StorageFlowPostgresIT extends StorageFlowContract {
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
