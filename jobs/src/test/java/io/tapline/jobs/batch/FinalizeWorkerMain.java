package io.tapline.jobs.batch;

import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.object.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.batch.core.JobExecution;

/**
 * A worker in its own JVM for {@link FinalizeKillIT}: wires the batch jobs on the given index
 * database and S3 endpoint, fails the executions a dead worker left running (one worker: every
 * running one), then finalizes the recording and prints {@code DONE <status>}.
 *
 * <p>Arguments: index JDBC URL, S3 endpoint, recordings dir, work dir, recording id.
 */
public final class FinalizeWorkerMain {
  private FinalizeWorkerMain() {}

  public static void main(String[] args) {
    IndexSettings index = new IndexSettings(args[0], "sa", "", 4);
    S3Settings s3 = S3Settings.builder().endpoint(URI.create(args[1])).bucket("tapline").build();
    try (BatchWorker w = new BatchWorker(index, s3, Path.of(args[2]), Path.of(args[3]),
        Map.of())) {
      System.out.println("RECOVERED " + w.jobs.recoverAbandoned());
      JobExecution e = w.finalizeRecording(args[4]);
      System.out.println("DONE " + e.getStatus());
    }
  }
}
