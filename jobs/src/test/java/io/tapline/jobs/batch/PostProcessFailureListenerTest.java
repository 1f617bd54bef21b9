package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.jobs.event.Event;
import io.tapline.jobs.event.EventType;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;

/** A failed COMPOSE run marks its composition FAILED and tells the application, once per run. */
class PostProcessFailureListenerTest {
  @TempDir Path dir;
  IndexDatabase index;
  final List<Event> published = new CopyOnWriteArrayList<>();
  final Instant now = Instant.parse("2026-11-24T02:00:00Z");
  PostProcessFailureListener listener;
  final CompositionRequest grid = new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 320, 180, 15);

  @BeforeEach
  void open() {
    index = IndexDatabase.open(IndexSettings.h2(dir.resolve("index")));
    index.conversations().save("conv1", "t", ConversationStatus.ENDED, null, null,
        "{\"applicationId\":\"acme\"}", now);
    index.recordings().save(new Recording("rec1", "conv1", RecordingStatus.AVAILABLE, now, now, 1000L,
        null, null), now);
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    listener = new PostProcessFailureListener(new OutputPublisher(null, index.recordings(), clock),
        new ReadyNotifier(index.recordings(), published::add, clock), index.recordings(),
        index.conversations(), new BatchSettings(dir, 1, 1, Duration.ZERO, "default", Duration.ZERO),
        new JobProgress());
  }

  @AfterEach
  void close() {
    index.close();
  }

  private JobExecution run(long id, PostProcessRequest r, BatchStatus status) {
    JobExecution e = new JobExecution(new JobInstance(1L, BatchJobs.POST_PROCESS), id, r.toParameters());
    e.setStatus(status);
    if (status == BatchStatus.FAILED) {
      e.addFailureException(new IllegalStateException("encoder exploded"));
    }
    return e;
  }

  @Test
  void aFailedCompositionIsMarkedAndPublishedOncePerRun() {
    PostProcessRequest r = PostProcessRequest.compose("rec1", grid);
    String id = grid.compositionId("rec1");
    listener.afterJob(run(7, r, BatchStatus.FAILED));
    listener.afterJob(run(7, r, BatchStatus.FAILED)); // the same run told twice
    listener.afterJob(run(8, r, BatchStatus.FAILED)); // a retry that failed again

    Composition c = index.recordings().composition(id).orElseThrow();
    assertEquals(CompositionStatus.FAILED, c.status());
    assertNull(c.object());
    assertEquals(3, published.size());
    assertEquals(2, published.stream().map(Event::id).distinct().count(), "one event id per run");
    Event e = published.get(0);
    assertEquals(EventType.COMPOSITION_FAILED, e.type());
    assertEquals("acme", e.applicationId());
    assertEquals(id, e.data().get("compositionId"));
    assertEquals("encoder exploded", e.data().get("reason"));
  }

  @Test
  void completedRunsAndOtherOperationsPublishNothing() {
    listener.afterJob(run(9, PostProcessRequest.compose("rec1", grid), BatchStatus.COMPLETED));
    listener.afterJob(run(10, PostProcessRequest.speakerAudio("rec1"), BatchStatus.FAILED));
    assertEquals(List.of(), published);
    assertEquals(List.of(), index.recordings().compositions("rec1"));
  }

  @Test
  void anAvailableCompositionStaysAvailable() {
    String id = grid.compositionId("rec1");
    index.recordings().saveComposition(new Composition(id, "rec1", "grid", "mp4", CompositionStatus.AVAILABLE,
        new io.tapline.storage.index.StoredRef("k", 1, 1, "0".repeat(64), null)), now);
    listener.afterJob(run(11, PostProcessRequest.compose("rec1", grid), BatchStatus.FAILED));
    assertEquals(CompositionStatus.AVAILABLE, index.recordings().composition(id).orElseThrow().status());
  }
}
