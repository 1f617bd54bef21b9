package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryUploadJournalTest {
  @TempDir Path dir;

  @Test
  void entriesSurviveANewInstanceAndEndRemovesThem() throws Exception {
    var u = new PendingUpload("conversations/c/files/f", "id/with:odd=chars", dir.resolve("src"),
        123, "video/mp4", Map.of("tapline-key-id", "k1"), Instant.parse("2026-11-23T00:00:00Z"));
    new DirectoryUploadJournal(dir).begin(u);
    List<PendingUpload> back = new DirectoryUploadJournal(dir).pending();
    assertEquals(List.of(u), back);
    assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".tmp")));
    new DirectoryUploadJournal(dir).end(u.uploadId());
    assertTrue(new DirectoryUploadJournal(dir).pending().isEmpty());
  }
}
