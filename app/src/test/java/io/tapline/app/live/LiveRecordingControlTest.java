package io.tapline.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.jobs.schedule.RecordingControl.StartResult;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.conversation.ConversationConfig;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.ExecutorTaskScheduler;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.tap.TapRecording;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's port on a real (loopback) media plane and tap. */
class LiveRecordingControlTest {
  @TempDir Path root;
  private UdpMediaPlane media;
  private ScheduledExecutorService timers;
  private ConversationRegistry registry;
  private LiveRecordingControl control;

  @BeforeEach
  void start() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    media = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), TapConfig.defaults(), meters);
    timers = Executors.newSingleThreadScheduledExecutor();
    registry = new ConversationRegistry(media, ConversationConfig.defaults(), Clock.systemUTC(),
        new ExecutorTaskScheduler(timers), meters);
    control = new LiveRecordingControl(registry, new RecordingController(registry, media, root));
  }

  @AfterEach
  void stop() {
    media.close();
    timers.shutdownNow();
  }

  @Test
  void shutdownEndsConversationsAndStopsTheirRecordings() throws Exception {
    try (IndexDatabase index = IndexDatabase.open(IndexSettings.h2(root.resolve("index")))) {
      io.tapline.app.auth.OwnershipRepository.migrate(index.dataSource());
      ConversationIndexer indexer = new ConversationIndexer(index,
          new io.tapline.app.auth.OwnershipRepository(index.dataSource()), e -> { }, Clock.systemUTC());
      registry.addListener(indexer);
      registry.join("standup", "alice", "Alice", Role.PUBLISHER);
      control.start("standup", "rec-live");
      var conversation = registry.require("standup");
      new LiveShutdown(registry, indexer).close();
      assertTrue(conversation.isEnded());
      assertEquals(TapRecording.State.STOPPED, conversation.recording().state());
      assertTrue(Files.exists(root.resolve("standup").resolve("rec-live").resolve("manifest.json")));
      assertEquals(io.tapline.storage.index.RecordingStatus.STOPPED, index.recordings().get("rec-live").status());
      indexer.close();
    }
  }

  @Test
  void notLiveUntilSomeoneJoins() {
    assertInstanceOf(StartResult.NotLive.class, control.start("standup", "rec-sched-1"));
    registry.plan("standup");
    assertInstanceOf(StartResult.NotLive.class, control.start("standup", "rec-sched-1"));
  }

  @Test
  void startsUnderTheSchedulersIdOnceAndStops() {
    registry.join("standup", "alice", "Alice", Role.PUBLISHER);
    assertEquals(new StartResult.Started("rec-sched-1"), control.start("standup", "rec-sched-1"));
    assertEquals(new StartResult.Started("rec-sched-1"), control.start("standup", "rec-sched-1"), "a re-fire");
    assertTrue(Files.isDirectory(root.resolve("standup").resolve("rec-sched-1")));

    control.stop("rec-unknown");
    assertEquals(TapRecording.State.RECORDING, registry.require("standup").recording().state());
    control.stop("rec-sched-1");
    assertEquals(TapRecording.State.STOPPED, registry.require("standup").recording().state());
    control.stop("rec-sched-1");
  }
}
