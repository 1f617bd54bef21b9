package io.tapline.app.live;

import io.tapline.jobs.batch.BatchJobs;
import io.tapline.jobs.batch.JobStatus;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingQuery;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.RecordingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's {@link FinalizeLauncher} (REST stop, scheduled stop): launches the finalize batch job
 * for a recording with the directory the SFU wrote it to ({@link
 * RecordingController#directory}) as the job's {@code recordingDir} parameter. The job instance
 * is the recording id alone, so launching again resumes a failed or stopped run and does nothing
 * for a completed or running one.
 *
 * <p>At start-up ({@link #resumeUnfinished()}) it launches the job again for every recording the
 * index still shows STOPPED or PROCESSING whose job is not running and not completed: a job a
 * killed node left (failed by the batch recovery just before), one a graceful shutdown stopped at
 * a step boundary, and a recording stopped by the shutdown itself or never launched.
 */
public final class RecordingFinalizer implements FinalizeLauncher {
  private static final Logger log = LoggerFactory.getLogger(RecordingFinalizer.class);
  private static final Set<String> ACTIVE = Set.of("STARTING", "STARTED", "STOPPING");

  private final BatchJobs jobs;
  private final RecordingRepository recordings;
  private final RecordingController controller;

  public RecordingFinalizer(BatchJobs jobs, RecordingRepository recordings,
      RecordingController controller) {
    this.jobs = jobs;
    this.recordings = recordings;
    this.controller = controller;
  }

  @Override
  public void launch(String recordingId) {
    Path dir = tapDirectory(recordingId).orElse(null);
    if (dir == null) {
      log.info("recording {}: no tap directory on this node; finalizing from storage",
          recordingId);
    }
    jobs.launch(recordingId, dir);
  }

  /** Where the SFU of this node wrote the recording, if it is here. */
  Optional<Path> tapDirectory(String recordingId) {
    return recordings.find(recordingId)
        .map(r -> controller.directory(r.conversationId(), r.id()))
        .filter(Files::isDirectory);
  }

  /**
   * Launches the finalize job of every recording left unfinished (see the class comment).
   *
   * @return the recording ids launched
   */
  public List<String> resumeUnfinished() {
    List<Recording> candidates = new ArrayList<>();
    for (RecordingStatus status : List.of(RecordingStatus.STOPPED, RecordingStatus.PROCESSING)) {
      PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
      Page<Recording> found;
      do {
        found = recordings.find(new RecordingQuery(null, null, null, null, status), page);
        candidates.addAll(found.items());
        page = page.next();
      } while (page.offset() < found.total());
    }
    List<String> launched = new ArrayList<>();
    for (Recording r : candidates) {
      Optional<JobStatus> job = jobs.finalizeStatus(r.id());
      String state = job.map(JobStatus::status).orElse("none");
      if (ACTIVE.contains(state) || state.equals("COMPLETED")) {
        continue; // running on some node, or done (its status row follows)
      }
      Optional<Path> dir = tapDirectory(r.id());
      if (dir.isEmpty() && r.status() == RecordingStatus.STOPPED) {
        // Its segments are neither here nor stored yet: the node that recorded it resumes it.
        log.info("recording {} is unfinished but its tap directory is not on this node",
            r.id());
        continue;
      }
      try {
        jobs.launch(r.id(), dir.orElse(null));
        launched.add(r.id());
        log.info("recording {} ({}, last finalize run {}): finalize resumed at start-up", r.id(),
            r.status(), state);
      } catch (RuntimeException e) {
        log.error("recording {}: could not resume its finalize job", r.id(), e);
      }
    }
    return launched;
  }
}
