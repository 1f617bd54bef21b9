package io.tapline.pipeline.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
  @TempDir Path dir;

  private Path writeLog() throws IOException {
    Path file = dir.resolve("full.jsonl");
    try (EventLog log = EventLog.open(file)) {
      log.append(1_000, EventType.RECORDING_STARTED, null, null, Map.of());
      log.append(2_000, EventType.PARTICIPANT_JOINED, "p1", null, Map.of("name", "Zoë ünïcode")); // multi-byte UTF-8
      log.append(3_000, EventType.TRACK_PUBLISHED, "p1", "p1-cam", Map.of("kind", "video"));
      log.append(4_000, EventType.TRACK_MUTED, "p1", "p1-cam", Map.of());
      log.append(5_000, EventType.RECORDING_STOPPED, null, null, Map.of());
    }
    return file;
  }

  /** A log cut at any byte (a crash mid-append) reads back every complete line, and appends continue after them. */
  @Test
  void cutAtEveryByteKeepsEveryCompleteEvent() throws IOException {
    byte[] full = Files.readAllBytes(writeLog());
    List<ManifestEvent> all = EventLog.read(dir.resolve("full.jsonl")).events();
    assertEquals(5, all.size());
    Path cutFile = dir.resolve("cut.jsonl");
    for (int cut = 0; cut <= full.length; cut++) {
      byte[] part = Arrays.copyOf(full, cut);
      int complete = 0;
      for (byte b : part) {
        if (b == '\n') {
          complete++;
        }
      }
      boolean partialLine = cut > 0 && part[cut - 1] != '\n';
      Files.write(cutFile, part);
      EventLog.Contents c = EventLog.read(cutFile);
      assertEquals(all.subList(0, complete), c.events(), "events at cut " + cut);
      assertEquals(partialLine ? 1 : 0, c.damagedLines(), "damaged lines at cut " + cut);

      try (EventLog log = EventLog.open(cutFile)) {
        ManifestEvent next = log.append(9_000, EventType.LAYOUT_CHANGED, null, null, Map.of("layout", "grid"));
        assertEquals(complete + 1, next.seq(), "sequence continues at cut " + cut);
      }
      EventLog.Contents after = EventLog.read(cutFile);
      assertEquals(complete + 1, after.events().size(), "after reopening at cut " + cut);
      assertEquals(0, after.damagedLines(), "the partial line is gone at cut " + cut);
      assertEquals(EventType.LAYOUT_CHANGED, after.events().get(complete).type());
    }
  }

  @Test
  void aWholeJsonLineWithoutItsLineFeedIsNotYetAnEvent() throws IOException {
    Path file = dir.resolve("nolf.jsonl");
    Files.write(file, "{\"seq\":1,\"timeMicros\":1,\"type\":\"RECORDING_STARTED\"}".getBytes(StandardCharsets.UTF_8));
    EventLog.Contents c = EventLog.read(file);
    assertEquals(0, c.events().size());
    assertEquals(1, c.damagedLines());
  }

  @Test
  void damagedLinesInTheMiddleAreSkippedAndCounted() throws IOException {
    Path file = dir.resolve("mid.jsonl");
    Files.writeString(file, "{\"seq\":1,\"timeMicros\":1,\"type\":\"RECORDING_STARTED\"}\n"
        + "{\"seq\":2,\"timeMicros\":2,\"type\":\"NO_SUCH_TYPE\"}\n"
        + "null\n"
        + "{\"seq\":4,\"timeMicros\":4,\"type\":\"RECORDING_STOPPED\",\"future\":true}\n");
    EventLog.Contents c = EventLog.read(file);
    assertEquals(List.of(1L, 4L), c.events().stream().map(ManifestEvent::seq).toList());
    assertEquals(2, c.damagedLines());
  }
}
