package io.tapline.app.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.app.auth.OwnershipRepository;
import io.tapline.app.live.ConversationIndexer;
import io.tapline.app.live.LiveRecordingControl;
import io.tapline.app.live.RecordingNodes;
import io.tapline.jobs.event.Event;
import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentHeader;
import io.tapline.pipeline.segment.SegmentWriter;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.conversation.ConversationConfig;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.ExecutorTaskScheduler;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingStatus;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which recordings a start-up closes as interrupted, on H2 and a real SFU registry: a dead node's
 * is closed once, a live one here and one of a node still alive are left alone.
 */
class InterruptedRecordingsTest {
  private static final Instant T0 = Instant.parse("2026-11-24T04:00:00Z");
  @TempDir Path root;
  private UdpMediaPlane media;
  private ScheduledExecutorService timers;
  private ConversationRegistry registry;
  private RecordingController controller;
  private IndexDatabase index;
  private OwnershipRepository owners;
  private ConversationIndexer indexer;
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private final List<String> launched = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    media = new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), TapConfig.defaults(),
        meters);
    timers = Executors.newSingleThreadScheduledExecutor();
    registry = new ConversationRegistry(media, ConversationConfig.defaults(), Clock.systemUTC(),
        new ExecutorTaskScheduler(timers), meters);
    controller = new RecordingController(registry, media, root.resolve("recordings"));
    index = IndexDatabase.open(IndexSettings.h2(root.resolve("index")));
    OwnershipRepository.migrate(index.dataSource());
    owners = new OwnershipRepository(index.dataSource());
    indexer = new ConversationIndexer(index, owners, published::add, Clock.systemUTC(),
        new RecordingNodes(index.dataSource(), "node-b"));
    registry.addListener(indexer);
  }

  @AfterEach
  void stop() throws Exception {
    media.close();
    timers.shutdownNow();
    indexer.close();
    index.close();
  }

  @Test
  void closesADeadNodesRecordingOnceAndLeavesLiveOnesAlone() throws Exception {
    owners.claim("standup", "acme", T0);
    index.conversations().save("standup", "Standup", ConversationStatus.ACTIVE, null, null, null,
        T0);
    long lastRecord = interruptedCapture("standup", "rec-dead", "node-a");
    row("standup", "rec-alive", "node-c"); // its node still beats
    registry.join("standup", "alice", "Alice", Role.PUBLISHER);
    new LiveRecordingControl(registry, controller).start("standup", "rec-here");
    indexer.flush();
    published.clear();

    InterruptedRecordings recovery = recovery(true, n -> n.equals("node-c"));
    assertEquals(List.of("rec-dead"), recovery.recover());

    assertEquals(List.of("rec-dead"), launched);
    Recording dead = index.recordings().get("rec-dead");
    assertEquals(RecordingStatus.STOPPED, dead.status());
    assertEquals(lastRecord, dead.stoppedAt().toEpochMilli() * 1000, "stopped at the last record");
    assertEquals(1, published.size(), published.toString());
    Event e = published.get(0);
    assertEquals("recording.stopped", e.type().wireName());
    assertEquals("acme", e.applicationId());
    assertEquals("interrupted", e.data().get("reason"));
    assertEquals("rec-dead", e.data().get("recordingId"));
    Manifest m = new RecordingDirectory(controller.directory("standup", "rec-dead"))
        .readManifest();
    assertEquals(lastRecord, m.stoppedMicros());
    assertEquals(1, m.track("alice-mic").orElseThrow().segments().size());
    assertEquals(RecordingStatus.RECORDING, index.recordings().get("rec-alive").status());
    assertEquals(RecordingStatus.RECORDING, index.recordings().get("rec-here").status());

    // a second start-up: nothing left to close, nothing launched or published again
    assertEquals(List.of(), recovery.recover());
    assertEquals(List.of("rec-dead"), launched);
    assertEquals(1, published.size());
  }

  @Test
  void onASingleNodeEveryRecordingNotCapturedHereIsClosed() throws Exception {
    index.conversations().save("standup", "Standup", ConversationStatus.ACTIVE, null, null, null,
        T0);
    interruptedCapture("standup", "rec-1", "node-before-restart");
    RecordingNodes nodes = new RecordingNodes(index.dataSource(), "node-b");
    assertTrue(nodes.mayClose("rec-1", false, n -> true), "one node: nobody else holds it");
    assertFalse(nodes.mayClose("rec-1", true, n -> true), "cluster: its node is alive");
    assertTrue(nodes.mayClose("rec-1", true, n -> false), "cluster: its node is dead");

    assertEquals(List.of("rec-1"), recovery(false, n -> true).recover());
    assertEquals(RecordingStatus.STOPPED, index.recordings().get("rec-1").status());
  }

  /** A row and node for the recording, and the directory a killed tap leaves: one open segment. */
  private long interruptedCapture(String conv, String rec, String node) throws Exception {
    row(conv, rec, node);
    RecordingDirectory dir = new RecordingDirectory(controller.directory(conv, rec));
    long start = T0.toEpochMilli() * 1000;
    ManifestTrack track = new ManifestTrack("alice-mic", "alice", "Alice", "audio", "microphone",
        "opus", 111, 48000, 2, null, null, 0, null, null);
    dir.writeManifest(Manifest.start(rec, conv, start).withTrack(track));
    try (EventLog log = dir.openEventLog()) {
      log.append(start, EventType.RECORDING_STARTED, null, null, Map.of("recordingId", rec));
    }
    SegmentHeader header = new SegmentHeader(rec, conv, "alice", "alice-mic", "audio",
        "microphone", "opus", 111, 48000, 2, null, null, 0x1234, 0, null);
    long last = 0;
    Files.createDirectories(dir.segmentFile("alice-mic", 0).getParent());
    SegmentWriter w = SegmentWriter.create(dir.segmentFile("alice-mic", 0), header);
    for (int i = 0; i < 50; i++) {
      last = start + 20_000L * (i + 1);
      w.append(RecordType.RTP, last, opus(i));
    }
    w.flush(); // what the last flush before the kill handed to the OS; never closed
    return last;
  }

  private void row(String conv, String rec, String node) {
    index.recordings().save(new Recording(rec, conv, RecordingStatus.RECORDING, T0, null, null,
        null, null), T0);
    new RecordingNodes(index.dataSource(), node).claim(rec, T0);
  }

  private InterruptedRecordings recovery(boolean clustered,
      java.util.function.Predicate<String> alive) {
    RecordingNodes nodes = new RecordingNodes(index.dataSource(), "node-b");
    return new InterruptedRecordings(index.recordings(), registry, controller,
        id -> nodes.mayClose(id, clustered, alive), indexer, launched::add, Clock.systemUTC(),
        new SimpleMeterRegistry());
  }

  private static byte[] opus(int i) {
    ByteBuffer b = ByteBuffer.allocate(15);
    b.put((byte) 0x80).put((byte) 111).putShort((short) i).putInt(960 * i).putInt(0x1234);
    b.put((byte) 0xf8).put((byte) 0xff).put((byte) 0xfe);
    return b.array();
  }
}
