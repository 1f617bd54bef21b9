package io.tapline.app.startup;

import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.app.live.ConversationIndexer;
import io.tapline.app.live.RecordingNodes;
import io.tapline.jobs.batch.InterruptedCapture;
import io.tapline.jobs.schedule.FinalizeLauncher;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.sfu.conversation.Conversation;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.storage.index.Page;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingQuery;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.RecordingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the recordings a killed process left {@code recording} or {@code paused} in the index
 * (issues 3 and 8): for each one no tap of this process captures and that this node may close
 * ({@link RecordingNodes#mayClose}), the tap's directory is closed as interrupted ({@link
 * InterruptedCapture}: open segments listed up to their last whole record, stop at the last
 * record), the row becomes {@code stopped} with that end and {@code recording.stopped} is
 * published with {@code reason=interrupted} ({@link ConversationIndexer#recordingInterrupted}),
 * then the finalize job is launched like after any stop. A row already stopped is never picked
 * again, so running this twice finalizes nothing twice.
 *
 * <p>In a cluster a recording of a node that died while this one runs becomes closable only once
 * that node's heartbeat expires: {@link #startPeriodic} looks again every heartbeat interval.
 */
public final class InterruptedRecordings implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InterruptedRecordings.class);

  private final RecordingRepository recordings;
  private final ConversationRegistry registry;
  private final RecordingController controller;
  private final Predicate<String> mayClose;
  private final ConversationIndexer indexer;
  private final FinalizeLauncher finalizer;
  private final Clock clock;
  private final MeterRegistry meters;
  private final InterruptedCapture capture = new InterruptedCapture();
  private final Set<String> reportedElsewhere = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService timer;

  /**
   * @param mayClose whether this node may close a recording id (its node, or a dead one)
   */
  public InterruptedRecordings(RecordingRepository recordings, ConversationRegistry registry,
      RecordingController controller, Predicate<String> mayClose, ConversationIndexer indexer,
      FinalizeLauncher finalizer, Clock clock, MeterRegistry meters) {
    this.recordings = recordings;
    this.registry = registry;
    this.controller = controller;
    this.mayClose = mayClose;
    this.indexer = indexer;
    this.finalizer = finalizer;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * Closes and launches the finalization of every interrupted recording this node may close.
   *
   * @return the recording ids closed
   */
  public synchronized List<String> recover() {
    List<String> closed = new ArrayList<>();
    for (Recording r : unfinished()) {
      if (capturedHere(r.id()) || !mayClose.test(r.id())) {
        continue;
      }
      Path dir = controller.directory(r.conversationId(), r.id());
      if (!Files.isRegularFile(new RecordingDirectory(dir).manifestFile())) {
        if (reportedElsewhere.add(r.id())) {
          log.warn("recording {} ({}) was interrupted but its tap directory {} is not on this "
              + "node; it is closed where that directory is", r.id(), r.status(), dir);
          count("not_here");
        }
        continue;
      }
      try {
        Instant detected = clock.instant();
        InterruptedCapture.Result result = capture.close(new RecordingDirectory(dir), detected);
        if (!result.interrupted()) {
          continue; // the tap stopped it a moment ago; the indexer is writing its row
        }
        indexer.recordingInterrupted(r.conversationId(), r.id(), result.end(), detected);
        indexer.flush(); // the row is STOPPED before the job writes PROCESSING
        finalizer.launch(r.id());
        closed.add(r.id());
        count("closed");
        log.warn("recording {} of {} ({} when the process died) closed as interrupted at {}: "
            + "{} open segment(s) listed, {} torn byte(s) cut; finalizing", r.id(),
            r.conversationId(), r.status(), result.end(), result.segmentsListed(),
            result.bytesCut());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        count("failed");
        log.error("recording {}: could not close it as interrupted (tried again at the next "
            + "start)", r.id(), e);
      }
    }
    return closed;
  }

  /** Runs {@link #recover} every {@code interval} on a daemon thread until {@link #close}. */
  public synchronized void startPeriodic(Duration interval) {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "interrupted-recordings");
      t.setDaemon(true);
      return t;
    });
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        recover();
      } catch (RuntimeException e) {
        log.warn("looking for interrupted recordings failed (tried again in {}): {}", interval,
            e.getMessage());
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private List<Recording> unfinished() {
    List<Recording> found = new ArrayList<>();
    for (RecordingStatus status : List.of(RecordingStatus.RECORDING, RecordingStatus.PAUSED)) {
      PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
      Page<Recording> p;
      do {
        p = recordings.find(new RecordingQuery(null, null, null, null, status), page);
        found.addAll(p.items());
        page = page.next();
      } while (page.offset() < p.total());
    }
    return found;
  }

  /** A tap of this process has it, even stopping: its writer may still be closing the files. */
  private boolean capturedHere(String recordingId) {
    for (Conversation c : registry.conversations()) {
      var r = c.recording();
      if (r != null && r.recordingId().equals(recordingId)) {
        return true;
      }
    }
    return false;
  }

  private void count(String outcome) {
    meters.counter("tapline.recordings.interrupted", "outcome", outcome).increment();
  }
}
