package io.tapline.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The index behaviour every database must show; run by {@code H2IndexTest} and {@code
 * PostgresIndexIT} against a fresh, migrated database each.
 */
abstract class IndexContract {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final String SHA = "a".repeat(64);

  abstract IndexDatabase db();

  /** A fresh id per test so tests share one database without seeing each other. */
  static String uid(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  String conversation() {
    String c = uid("c");
    db().conversations().save(c, "Weekly sync", ConversationStatus.PLANNED, T0,
        T0.plus(Duration.ofHours(1)), "{\"layout\":\"grid\"}", T0);
    return c;
  }

  @Test
  void conversationRoundTripsWithHistory() {
    String c = conversation();
    var conv = db().conversations().get(c);
    assertEquals("Weekly sync", conv.title());
    assertEquals(T0, conv.plannedStart());
    assertEquals("{\"layout\":\"grid\"}", conv.configuration());
    db().conversations().changeStatus(c, ConversationStatus.ACTIVE, "first join",
        T0.plusSeconds(60));
    db().conversations().changeStatus(c, ConversationStatus.ENDED, null, T0.plusSeconds(3600));
    List<StatusChange> h = db().conversations().history(c);
    assertEquals(3, h.size());
    assertNull(h.get(0).from());
    assertEquals(ConversationStatus.ACTIVE, h.get(1).to());
    assertEquals("first join", h.get(1).note());
    assertEquals(ConversationStatus.ENDED, db().conversations().get(c).status());
    assertThrows(NotFoundException.class, () -> db().conversations().get("nope"));
    var bad = assertThrows(StorageException.class, () -> db().conversations().save("x",
        "t", ConversationStatus.PLANNED, T0, T0.minusSeconds(1), null, T0));
    assertTrue(bad.isCallerFault());
  }

  @Test
  void recordingRowsAreUpsertedOnNaturalKeys() {
    String c = conversation();
    String r = uid("r");
    var rec = new Recording(r, c, RecordingStatus.RECORDING, T0, null, null, null, null);
    db().recordings().save(rec, T0);
    db().recordings().save(rec, T0); // a restarted job writes the same row again
    db().recordings().saveTrack(new Track(r, "cam", "alice", TrackKind.VIDEO, "VP8", null));
    db().recordings().saveTrack(new Track(r, "cam", "alice", TrackKind.VIDEO, "VP8", null));
    for (int attempt = 0; attempt < 2; attempt++) {
      for (int i = 0; i < 3; i++) {
        db().recordings().saveSegment(new Segment(r, "cam", i, new StoredRef("k/" + i, 100 + i,
            100 + i, SHA, null), T0.plusSeconds(10L * i), 10_000L), T0);
      }
    }
    assertEquals(1, db().recordings().find(new RecordingQuery(c, null, null, null, null),
        PageRequest.first(10)).total());
    assertEquals(1, db().recordings().tracks(r).size());
    List<Segment> segs = db().recordings().segments(r);
    assertEquals(3, segs.size());
    assertEquals(102, segs.get(2).object().size());
    assertEquals(10_000L, segs.get(2).durationMs());
    db().recordings().pause(r, T0.plusSeconds(5));
    db().recordings().pause(r, T0.plusSeconds(5));
    db().recordings().resume(r, T0.plusSeconds(8));
    assertEquals(List.of(new Pause(T0.plusSeconds(5), T0.plusSeconds(8))),
        db().recordings().pauses(r));
    db().recordings().save(new Recording(r, c, RecordingStatus.AVAILABLE, T0,
        T0.plusSeconds(30), 27_000L, "m", null), T0.plusSeconds(31));
    assertEquals(27_000L, db().recordings().get(r).durationMs());
    var comp = new Composition(uid("k"), r, "grid", "mp4", CompositionStatus.RENDERING, null);
    db().recordings().saveComposition(comp, T0);
    db().recordings().saveComposition(new Composition(comp.id(), r, "grid", "mp4",
        CompositionStatus.AVAILABLE, new StoredRef("c.mp4", 5, 5, SHA, "ops-1")), T0);
    var comps = db().recordings().compositions(r);
    assertEquals(1, comps.size());
    assertEquals("ops-1", comps.get(0).object().keyId());
    assertEquals(CompositionStatus.AVAILABLE, comps.get(0).status());
    assertEquals(4, db().recordings().objects(r).size());
    // the further files of a multi-file composition: upserted by name, counted as its objects
    db().recordings().saveCompositionFile(new CompositionFile(comp.id(), "seg-00001.ts",
        new StoredRef("c/seg-00001.ts", 7, 7, SHA, null)), T0);
    db().recordings().saveCompositionFile(new CompositionFile(comp.id(), "seg-00001.ts",
        new StoredRef("c/seg-00001.ts", 8, 8, SHA, null)), T0);
    db().recordings().saveCompositionFile(new CompositionFile(comp.id(), "seg-00000.ts",
        new StoredRef("c/seg-00000.ts", 6, 6, SHA, null)), T0);
    var files = db().recordings().compositionFiles(comp.id());
    assertEquals(List.of("seg-00000.ts", "seg-00001.ts"),
        files.stream().map(CompositionFile::name).toList());
    assertEquals(8, files.get(1).object().size());
    assertEquals(6, db().recordings().objects(r).size());
    // A segment of a track that does not exist is the caller's mistake.
    var e = assertThrows(StorageException.class, () -> db().recordings().saveSegment(
        new Segment(r, "ghost", 0, new StoredRef("g", 1, 1, SHA, null), null, null), T0));
    assertTrue(e.isCallerFault());
  }

  @Test
  void recordingsQueryByParticipantTimeRangeAndStatusPaginated() {
    String c = conversation();
    for (int i = 0; i < 7; i++) {
      String r = "q" + i + "-" + c;
      db().recordings().save(new Recording(r, c, i % 2 == 0 ? RecordingStatus.AVAILABLE
          : RecordingStatus.FAILED, T0.plus(i, ChronoUnit.HOURS), null, null, null, null), T0);
      db().recordings().saveTrack(new Track(r, "mic", i < 3 ? "bob-" + c : "eve-" + c,
          TrackKind.AUDIO, "opus", null));
    }
    var bob = db().recordings().find(new RecordingQuery(null, "bob-" + c, null, null, null),
        PageRequest.first(10));
    assertEquals(3, bob.total());
    var window = db().recordings().find(new RecordingQuery(c, null, T0.plus(2,
        ChronoUnit.HOURS), T0.plus(5, ChronoUnit.HOURS), RecordingStatus.AVAILABLE),
        PageRequest.first(10));
    assertEquals(List.of("q4-" + c, "q2-" + c), window.items().stream().map(Recording::id)
        .toList());
    var p1 = db().recordings().find(new RecordingQuery(c, null, null, null, null),
        PageRequest.first(3));
    var p3 = db().recordings().find(new RecordingQuery(c, null, null, null, null),
        PageRequest.first(3).next().next());
    assertEquals(7, p1.total());
    assertTrue(p1.hasNext());
    assertEquals("q6-" + c, p1.items().get(0).id());
    assertEquals(List.of("q0-" + c), p3.items().stream().map(Recording::id).toList());
    assertFalse(p3.hasNext());
  }

  @Test
  void filesListAndSearchAcrossNamesParticipantsAndChat() {
    String c = conversation();
    db().conversations().saveParticipant(new Participant(c, "p1", "Zoë Müller", "host", T0,
        null));
    db().conversations().addEvent(new ConversationEvent(c, T0.plusSeconds(5), "chat", "p1",
        "see the 100% final QUARTERLY report"));
    db().conversations().addEvent(new ConversationEvent(c, T0.plusSeconds(6), "join", "p1",
        "quarterly"));
    for (int i = 0; i < 3; i++) {
      db().files().insert(new FileRecord("f" + i, c, "Quarterly_report_v" + i + ".pdf",
          "application/pdf", new StoredRef("conversations/" + c + "/files/f" + i, 10, 10, SHA,
          null), "p1", FileStatus.AVAILABLE, T0.plusSeconds(i)));
    }
    assertEquals(3, db().files().list(c, PageRequest.first(2)).total());
    assertEquals(2, db().files().list(c, PageRequest.first(2)).items().size());
    db().files().markDeleting(c, "f2");
    assertEquals(2, db().files().list(c, PageRequest.first(10)).total());

    var hits = db().search().search("quarterly", c, PageRequest.first(10));
    assertEquals(3, hits.total(), hits.items().toString()); // 2 files + 1 chat; join ignored
    assertEquals(Set.of("file", "chat"), Set.copyOf(hits.items().stream()
        .map(SearchHit::kind).toList()));
    assertEquals(1, db().search().search("müller", c, PageRequest.first(10)).total());
    assertEquals(1, db().search().search("100%", c, PageRequest.first(10)).total());
    assertEquals(0, db().search().search("1_0", c, PageRequest.first(10)).total());
    assertEquals(2, db().search().search("_v", c, PageRequest.first(10)).total());
    assertThrows(StorageException.class, () -> db().search().search(" ", c,
        PageRequest.first(1)));
  }

  @Test
  void apiKeysAreStoredHashedAndTheWebhookTableIsGone() {
    String id = uid("key");
    String secret = "s".repeat(40) + id;
    db().access().createApiKey(id, "ci", secret, Set.of("recordings:read"), T0);
    assertEquals(id, db().access().authenticate(secret).orElseThrow().id());
    assertTrue(db().access().authenticate(secret + "x").isEmpty());
    assertTrue(db().access().revokeApiKey(id, T0));
    assertTrue(db().access().authenticate(secret).isEmpty());
    // V2 dropped the unused webhook table: subscriptions live in the jobs module.
    try (var c = db().dataSource().getConnection();
        var rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        assertFalse(rs.getString("TABLE_NAME").equalsIgnoreCase("webhook"), "webhook table left");
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void deletingAConversationCascadesToEverythingUnderIt() {
    String c = conversation();
    String r = uid("r");
    db().recordings().save(new Recording(r, c, RecordingStatus.AVAILABLE, T0, null, null, null,
        null), T0);
    db().recordings().saveTrack(new Track(r, "cam", "a", TrackKind.VIDEO, "VP8", null));
    db().recordings().saveSegment(new Segment(r, "cam", 0, new StoredRef("k", 1, 1, SHA, null),
        null, null), T0);
    assertTrue(db().conversations().delete(c));
    assertTrue(db().recordings().find(r).isEmpty());
    assertTrue(db().recordings().segments(r).isEmpty());
    assertFalse(db().conversations().delete(c));
  }
}
