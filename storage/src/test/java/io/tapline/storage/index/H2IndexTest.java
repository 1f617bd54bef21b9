package io.tapline.storage.index;

import io.tapline.storage.testing.TestIndexes;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class H2IndexTest extends IndexContract {
  @TempDir static Path dir;
  static IndexDatabase db;

  @BeforeAll
  static void open() {
    db = TestIndexes.h2(dir);
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
