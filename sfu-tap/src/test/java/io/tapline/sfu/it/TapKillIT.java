package io.tapline.sfu.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.segment.SegmentContents;
import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tap process killed with SIGKILL leaves segments that read back completely up to its last
 * flush: every record it reported flushed is there, and the records reach to within about one
 * flush interval of the kill.
 */
class TapKillIT {
  static final long FLUSH_MILLIS = 200;
  @TempDir Path tmp;

  @Test
  void segmentsSurviveKillMinusNine() throws Exception {
    Path dir = tmp.resolve("rec");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        TapKillMain.class.getName(), dir.toString(), Long.toString(FLUSH_MILLIS))
        .redirectError(tmp.resolve("child.err").toFile()).start();
    long lastFlushed = 0;
    long killMicros;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long start = Long.MAX_VALUE;
      long killAfter = TimeUnit.SECONDS.toNanos(3);
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals("READY")) {
          start = System.nanoTime(); // the JVM start-up is not recording time
        } else if (line.startsWith("FLUSHED ")) {
          lastFlushed = Long.parseLong(line.split(" ")[1]);
        }
        if (System.nanoTime() - start > killAfter && lastFlushed > 0) {
          break;
        }
      }
      killMicros = System.currentTimeMillis() * 1000;
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush, no final manifest
      child.waitFor(10, TimeUnit.SECONDS);
    }
    assertTrue(lastFlushed > 100, "the child reported flushes: " + lastFlushed + ", see " + tmp.resolve("child.err"));

    RecordingDirectory rd = new RecordingDirectory(dir);
    Manifest manifest = assertDoesNotThrow(rd::readManifest, "the manifest is never half-written");
    assertEquals(null, manifest.stoppedMicros());
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir.resolve("tracks"))) {
      files = s.filter(p -> p.toString().endsWith(".tseg")).sorted().toList();
    }
    assertTrue(files.size() >= 4, "closed and open segments of two tracks: " + files);
    long records = 0;
    long lastArrival = 0;
    int damaged = 0;
    for (Path f : files) {
      SegmentContents c = SegmentReader.readAll(f); // a damaged tail is reported, never thrown
      if (!c.tail().clean()) {
        damaged++;
      }
      records += c.records().size();
      for (SegmentRecord r : c.records()) {
        lastArrival = Math.max(lastArrival, r.arrivalMicros());
      }
    }
    assertTrue(damaged <= 2, "at most the open segment of each track is cut: " + damaged);
    assertTrue(records >= lastFlushed, records + " records on disk, " + lastFlushed + " reported flushed");
    long lag = killMicros - lastArrival;
    // one flush interval, plus the time between the last flush report and the kill on a busy machine
    assertTrue(lag < (2 * FLUSH_MILLIS + 500) * 1000, "records stop " + lag / 1000 + " ms before the kill");
    List<EventType> events = EventLog.read(rd.eventsFile()).events().stream().map(e -> e.type()).toList();
    assertEquals(List.of(EventType.RECORDING_STARTED), events);
    System.out.printf("kill -9: %d segment files, %d records (>= %d flushed), last record %d ms before the kill%n",
        files.size(), records, lastFlushed, lag / 1000);
  }
}
