package io.tapline.jobs.batch;

import io.tapline.jobs.event.EventType;
import io.tapline.jobs.batch.fixture.RecordingFixtureBuilder;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.EmbeddedS3Server;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;

/**
 * Time from "recording stopped" to {@code recording.ready} queued in the webhook outbox for a
 * recording of {@code SECONDS} seconds with three participants (VP8 320x180 at 15 fps + Opus
 * each), finalized with the default composition (grid, MP4, 1280x720, 30 fps): verify, upload,
 * export, compose, upload outputs, index, publish. Embedded S3 server and H2 file index on this
 * machine. Prints each run and the median.
 *
 * <p>Run: {@code ./mvnw -B -o -q -pl jobs -am test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.tapline.jobs.batch.FinalizeBenchmark
 * -Dexec.args="120 3"}
 */
public final class FinalizeBenchmark {
  private FinalizeBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 120;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path tmp = Files.createTempDirectory("tapline-finalize-bench-");
    List<Long> millis = new ArrayList<>();
    try (EmbeddedS3Server s3 = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
        BatchWorker w = new BatchWorker(IndexSettings.h2(tmp.resolve("db")),
            s3.settings("tapline"), tmp.resolve("recordings"), tmp.resolve("work"), Map.of())) {
      w.subscriptions.create("bench", URI.create("http://127.0.0.1:9/hook"),
          Set.of(EventType.RECORDING_READY));
      for (int i = 0; i < runs; i++) {
        String rec = "bench-" + i;
        String conv = "bench-conv-" + i;
        RecordingFixtureBuilder b = new RecordingFixtureBuilder(tmp.resolve("recordings")
            .resolve(rec)).ids(rec, conv).duration(seconds).segmentSeconds(10);
        b.participant("alice", "Alice").video(320, 180, 15).color(81, 90, 240).tone(440);
        b.participant("bob", "Bob").video(320, 180, 15).color(145, 54, 34).tone(550);
        b.participant("carol", "Carol").video(320, 180, 15).color(41, 240, 110).tone(660);
        b.build();
        BatchFixtures.conversation(w.index, conv, "{\"applicationId\":\"bench\"}");
        long start = System.nanoTime();
        JobExecution e = w.finalizeRecording(rec);
        if (e.getStatus() != BatchStatus.COMPLETED || !readyQueued(w, rec)) {
          throw new IllegalStateException("run " + i + " did not complete: " + e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        millis.add(ms);
        System.out.printf("run %d: %.1f s from stop to recording.ready (%.0f s recording)%n", i,
            ms / 1000.0, seconds);
      }
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("median of %d: %.1f s; cores %d%n", runs,
        sorted.get(sorted.size() / 2) / 1000.0, Runtime.getRuntime().availableProcessors());
  }

  private static boolean readyQueued(BatchWorker w, String rec) throws Exception {
    try (Connection c = w.index.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_delivery "
            + "WHERE event_type = 'recording.ready' AND payload LIKE ?")) {
      ps.setString(1, "%\"recordingId\":\"" + rec + "\"%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }
}
