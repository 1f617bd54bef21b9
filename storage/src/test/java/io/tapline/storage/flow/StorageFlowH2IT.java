package io.tapline.storage.flow;

import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.testing.TestIndexes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class StorageFlowH2IT extends StorageFlowContract {
  static IndexDatabase db;

  @BeforeAll
  static void open() {
    db = TestIndexes.h2(tmp.resolve("h2"));
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Override
  IndexDatabase db() {
    return db;
  }
}
