package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.layout.LayoutKind;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plain logic under the batch steps, without Spring or media. */
class BatchLogicTest {

  @Test
  void conversationConfigurationGivesTheRequestedCompositions() {
    var s = ConversationSettings.parse("{\"applicationId\":\"app9\",\"compositions\":["
        + "{\"layout\":\"active-speaker\",\"format\":\"webm\",\"width\":640,\"height\":360},"
        + "{\"layout\":\"grid\",\"format\":\"mp4\",\"fps\":25}]}", "default");
    assertEquals("app9", s.applicationId());
    assertEquals(new CompositionRequest(LayoutKind.ACTIVE_SPEAKER, OutputFormat.WEBM_VP8, 640,
        360, 30), s.compositions().get(0));
    assertEquals(new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 1280, 720, 25),
        s.compositions().get(1));
  }

  @Test
  void noConfigurationAsksForOneGridMp4AndAnEmptyListForNone() {
    var none = ConversationSettings.parse(null, "default");
    assertEquals("default", none.applicationId());
    assertEquals(List.of(new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 1280, 720,
        30)), none.compositions());
    assertEquals(List.of(), ConversationSettings.parse("{\"compositions\":[]}", "d")
        .compositions());
  }

  @Test
  void badConfigurationIsRefusedWithTheReason() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> ConversationSettings.parse("{\"compositions\":[{\"format\":\"avi\"}]}", "d"));
    assertTrue(e.getMessage().contains("avi"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConversationSettings.parse("{", "d"));
    assertThrows(IllegalArgumentException.class, () -> ConversationSettings.parse(
        "{\"compositions\":[{\"format\":\"hls_ts\"}]}", "d"));
    assertThrows(IllegalArgumentException.class, () -> ConversationSettings.parse(
        "{\"compositions\":[{\"width\":7}]}", "d"));
  }

  @Test
  void compositionIdsAreDerivedFromWhatIsAskedAndFitAKey() {
    var grid = new CompositionRequest(LayoutKind.GRID, OutputFormat.MP4, 1280, 720, 30);
    assertEquals("rec1-grid-mp4-1280x720-30", grid.compositionId("rec1"));
    assertEquals(grid.compositionId("rec1"), new CompositionRequest(LayoutKind.GRID,
        OutputFormat.MP4, 1280, 720, 30).compositionId("rec1"));
    assertNotEquals(grid.compositionId("rec1"), new CompositionRequest(LayoutKind.GRID,
        OutputFormat.WEBM_VP8, 1280, 720, 30).compositionId("rec1"));
    String longRec = "r".repeat(60);
    String id = grid.compositionId(longRec);
    assertTrue(id.matches("c-[0-9a-f]{48}"), id);
    assertEquals(id, grid.compositionId(longRec));
  }

  @Test
  void singleAndCustomCompositionsCarryTheirParticipantAndTemplateThroughJobParameters() {
    String template = "{\"regions\":[{\"x\":0,\"y\":0,\"width\":1,\"height\":1,\"z\":0,"
        + "\"fill\":\"speaker\"}]}";
    var custom = new CompositionRequest(LayoutKind.CUSTOM, OutputFormat.MP4, 320, 180, 15, null,
        template);
    assertTrue(custom.compositionId("rec1").matches("c-[0-9a-f]{48}"), "a template is hashed");
    assertNotEquals(custom.compositionId("rec1"), new CompositionRequest(LayoutKind.CUSTOM,
        OutputFormat.MP4, 320, 180, 15, null, template.replace("speaker", "slot"))
        .compositionId("rec1"));
    var alice = new CompositionRequest(LayoutKind.SINGLE, OutputFormat.WEBM_VP8, 320, 180, 15,
        "alice", null);
    assertEquals("rec1-single-webm-vp8-320x180-15-alice", alice.compositionId("rec1"));
    assertEquals("rec1-single-webm-vp8-320x180-15", new CompositionRequest(LayoutKind.SINGLE,
        OutputFormat.WEBM_VP8, 320, 180, 15).compositionId("rec1"), "no one: the speaker");
    for (var c : List.of(custom, alice)) {
      var req = PostProcessRequest.compose("rec1", c);
      Map<String, Object> params = new java.util.HashMap<>();
      req.toParameters().getParameters().forEach((k, v) -> params.put(k, v.getValue()));
      assertEquals(req, PostProcessRequest.fromParameters(params));
    }
    assertEquals(template, custom.spec().templateJson());
    assertEquals("alice", alice.spec().participantId());
    assertThrows(IllegalArgumentException.class, () -> new CompositionRequest(LayoutKind.CUSTOM,
        OutputFormat.MP4, 320, 180, 15), "custom needs a template");
    assertThrows(IllegalArgumentException.class, () -> new CompositionRequest(LayoutKind.CUSTOM,
        OutputFormat.MP4, 320, 180, 15, null, "{\"regions\":[]}"), "no regions");
    assertThrows(IllegalArgumentException.class, () -> new CompositionRequest(LayoutKind.GRID,
        OutputFormat.MP4, 320, 180, 15, "alice", null), "a participant only for single");
    assertThrows(IllegalArgumentException.class, () -> new CompositionRequest(LayoutKind.SINGLE,
        OutputFormat.MP4, 320, 180, 15, "a b", null));
  }

  @Test
  void storedManifestCarriesTheEventLog() throws Exception {
    Manifest m = Manifest.start("rec1", "conv1", 1_000_000L).stopped(5_000_000L);
    List<ManifestEvent> events = List.of(
        new ManifestEvent(1, 1_000_000L, EventType.RECORDING_STARTED, null, null, Map.of()),
        new ManifestEvent(2, 2_000_000L, EventType.PARTICIPANT_JOINED, "alice", null,
            Map.of("name", "Alice")));
    StoredManifest back = StoredManifest.decode(new StoredManifest(m, events).encode());
    assertEquals(m, back.manifest());
    assertEquals(events, back.events());
  }

  @Test
  void pausesAreTakenOutOfTheDuration() {
    List<ManifestEvent> events = List.of(
        new ManifestEvent(1, 10, EventType.RECORDING_PAUSED, null, null, Map.of()),
        new ManifestEvent(2, 30, EventType.RECORDING_RESUMED, null, null, Map.of()),
        new ManifestEvent(3, 50, EventType.RECORDING_PAUSED, null, null, Map.of()));
    assertEquals(20 + 50, SegmentArchiver.pausedMicros(events, 100));
    assertEquals(0, SegmentArchiver.pausedMicros(List.of(), 100));
  }

  @Test
  void compositionSlotsLimitAndServeWaitersInArrivalOrder() throws Exception {
    CompositionSlots slots = new CompositionSlots(1);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    CompositionSlots.Slot held = slots.acquire();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      CountDownLatch queued = new CountDownLatch(1);
      Thread t = new Thread(() -> {
        queued.countDown();
        try (CompositionSlots.Slot s = slots.acquire()) {
          order.add(n);
          assertEquals(1, slots.running());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      queued.await();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (slots.waiting() < n + 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      threads.add(t);
    }
    assertEquals(3, slots.waiting());
    assertEquals(1, slots.running());
    held.close();
    held.close(); // twice is harmless
    for (Thread t : threads) {
      t.join(5000);
      assertFalse(t.isAlive());
    }
    assertEquals(List.of(0, 1, 2), order);
    assertEquals(0, slots.running());
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new BatchSettings(
        java.nio.file.Path.of("w"), 0, 1, java.time.Duration.ZERO, "d",
        java.time.Duration.ofSeconds(30)));
    assertThrows(IllegalArgumentException.class, () -> new BatchSettings(
        java.nio.file.Path.of("w"), 1, 1, java.time.Duration.ZERO, "d",
        java.time.Duration.ofSeconds(-1)));
    assertEquals(1, BatchSettings.defaultCompositions(1));
    assertEquals(4, BatchSettings.defaultCompositions(8));
  }
}
