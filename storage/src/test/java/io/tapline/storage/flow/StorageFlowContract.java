package io.tapline.storage.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.NotFoundException;
import io.tapline.storage.files.FileLimits;
import io.tapline.storage.files.FileService;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingStatus;
import io.tapline.storage.index.Segment;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.index.Track;
import io.tapline.storage.index.TrackKind;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.EmbeddedS3Server;
import io.tapline.storage.object.ObjectStore;
import io.tapline.storage.object.ObjectTooLargeException;
import io.tapline.storage.object.UploadJournal;
import io.tapline.storage.retention.IntegrityChecker;
import io.tapline.storage.retention.RetentionPurger;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files, retention and fsck end to end: real S3 (embedded S3Proxy) and a real index; {@code
 * StorageFlowH2IT} and {@code StorageFlowPostgresIT} supply the database.
 */
abstract class StorageFlowContract {
  @TempDir static Path tmp;
  static EmbeddedS3Server server;
  static ObjectStore objects;
  static ContentStore content;
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  abstract IndexDatabase db();

  @BeforeAll
  static void startS3() {
    server = EmbeddedS3Server.withDefaults(tmp.resolve("s3")).start();
    objects = new ObjectStore(server.settings("it-flow"));
    objects.ensureBucket();
    content = new ContentStore(objects, null, UploadJournal.NONE);
  }

  @AfterAll
  static void stopS3() {
    objects.close();
    server.stop();
  }

  String conversation() {
    String c = "c" + UUID.randomUUID().toString().substring(0, 8);
    db().conversations().save(c, "Flow", ConversationStatus.ACTIVE, null, null, null, NOW);
    return c;
  }

  @Test
  void fileUploadIsSniffedHashedSafelyNamedAndDownloadable() throws Exception {
    String c = conversation();
    var files = new FileService(content, db().files(), new FileLimits(1024 * 1024), CLOCK);
    byte[] png = new byte[300_000];
    new Random(1).nextBytes(png);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, png, 0,
        8);
    var rec = files.upload(c, "alice", "../../etc/passwd\u0007\u202Egnp.exe", new
        ByteArrayInputStream(png));
    assertEquals("image/png", rec.contentType(), "type from the bytes, not the name");
    assertEquals(".._.._etc_passwdgnp.exe", rec.name());
    assertEquals(KeyLayout.file(c, rec.id()), rec.object().key());
    assertFalse(rec.object().key().contains("passwd"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)),
        rec.object().sha256());
    assertEquals("alice", rec.uploaderId());
    assertEquals(1, files.list(c, PageRequest.first(10)).total());
    try (InputStream in = files.download(c, rec.id())) {
      assertArrayEquals(png, in.readAllBytes());
    }
    try (InputStream in = files.download(c, rec.id(), 1000, 1999)) {
      assertArrayEquals(Arrays.copyOfRange(png, 1000, 2000), in.readAllBytes());
    }
    var http = HttpClient.newHttpClient();
    var resp = http.send(HttpRequest.newBuilder(files.presign(c, rec.id(), Duration.ofMinutes(1)))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, resp.statusCode());
    assertArrayEquals(png, resp.body());
    assertEquals(1, db().search().search("passwd", c, PageRequest.first(5)).total());

    files.delete(c, rec.id());
    assertEquals(0, files.list(c, PageRequest.first(10)).total());
    assertTrue(objects.head(rec.object().key()).isEmpty());
    assertThrows(NotFoundException.class, () -> files.download(c, rec.id()));

    var e = assertThrows(ObjectTooLargeException.class, () -> files.upload(c, "bob", "big.bin",
        new ByteArrayInputStream(new byte[1024 * 1024 + 1])));
    assertTrue(e.isCallerFault());
    assertEquals(0, files.list(c, PageRequest.first(10)).total());
    assertTrue(objects.list(KeyLayout.conversation(c)).isEmpty(), "nothing stored past limit");
  }

  /** Stores a recording with one track of {@code n} segments, indexed. */
  String recordingWithSegments(String c, int n, Instant retainUntil) {
    String r = "r" + UUID.randomUUID().toString().substring(0, 8);
    db().recordings().save(new Recording(r, c, RecordingStatus.AVAILABLE, NOW.minusSeconds(600),
        NOW.minusSeconds(60), 540_000L, null, retainUntil), NOW);
    db().recordings().saveTrack(new Track(r, "cam", "alice", TrackKind.VIDEO, "VP8", null));
    for (int i = 0; i < n; i++) {
      byte[] seg = new byte[10_000 + i];
      new Random(i).nextBytes(seg);
      var stored = content.putStream(KeyLayout.segment(c, r, "cam", i),
          new ByteArrayInputStream(seg), "application/octet-stream", Long.MAX_VALUE);
      db().recordings().saveSegment(new Segment(r, "cam", i, StoredRef.of(stored), null, null),
          NOW);
    }
    return r;
  }

  @Test
  void retentionPurgeDeletesObjectsAndRowsAndIsSafeToRerun() throws Exception {
    String c = conversation();
    String old = recordingWithSegments(c, 3, NOW.minusSeconds(1));
    String kept = recordingWithSegments(c, 2, NOW.plusSeconds(3600));
    var files = new FileService(content, db().files(), FileLimits.DEFAULT, CLOCK);
    files.upload(c, "bob", "notes.txt", new ByteArrayInputStream("hello".getBytes()));
    var purger = new RetentionPurger(objects, db().conversations(), db().recordings(), CLOCK);

    var first = purger.purgeExpired();
    assertTrue(first.recordings() >= 1);
    assertTrue(db().recordings().find(old).isEmpty());
    assertTrue(objects.list(KeyLayout.recording(c, old)).isEmpty());
    assertEquals(2, objects.list(KeyLayout.recording(c, kept)).size());
    assertEquals(2, db().recordings().segments(kept).size());
    var again = purger.purgeExpired();
    assertEquals(0, again.recordings() + again.conversations() + again.objects());

    db().conversations().retainUntil(c, NOW.minusSeconds(5));
    var whole = purger.purgeExpired();
    assertEquals(1, whole.conversations());
    assertTrue(objects.list(KeyLayout.conversation(c)).isEmpty());
    assertTrue(db().conversations().find(c).isEmpty());
    assertTrue(db().recordings().find(kept).isEmpty());
  }

  @Test
  void fsckFindsMissingOrphanedAndCorruptObjectsAndRepairs() throws Exception {
    String c = conversation();
    String r = recordingWithSegments(c, 3, null);
    var checker = new IntegrityChecker(content, db().conversations(), db().recordings(),
        db().files(), CLOCK);
    var clean = checker.check(true, false, Duration.ZERO);
    assertTrue(clean.missing().stream().noneMatch(k -> k.contains(c)), clean.toString());
    assertTrue(clean.orphaned().stream().noneMatch(k -> k.contains(c)), clean.toString());

    String gone = KeyLayout.segment(c, r, "cam", 0);
    String corrupt = KeyLayout.segment(c, r, "cam", 1);
    String orphan = KeyLayout.recording(c, r) + "tracks/ghost.webm";
    objects.delete(gone);
    objects.put(corrupt, new ByteArrayInputStream(new byte[10_001]), "application/octet-stream");
    objects.put(orphan, new ByteArrayInputStream(new byte[5]), "video/webm");

    var shallow = checker.check(false, false, Duration.ZERO);
    assertTrue(shallow.missing().contains(gone));
    assertTrue(shallow.orphaned().contains(orphan));
    assertFalse(shallow.mismatched().contains(corrupt), "same size: only a deep check sees it");
    var deep = checker.check(true, false, Duration.ZERO);
    assertTrue(deep.mismatched().contains(corrupt));
    assertTrue(objects.head(orphan).isPresent(), "report-only run changes nothing");

    // Orphans younger than the grace period are left alone (they may be about to be indexed). Ages
    // are taken from the object's own time (the server's clock, not the test's fixed one).
    Instant orphanWritten = objects.head(orphan).orElseThrow().lastModified();
    var young = new IntegrityChecker(content, db().conversations(), db().recordings(), db().files(),
        Clock.fixed(orphanWritten.plus(Duration.ofMinutes(1)), ZoneOffset.UTC)).check(false, true, Duration.ofHours(1));
    assertTrue(objects.head(orphan).isPresent());
    assertEquals(RecordingStatus.FAILED, db().recordings().get(r).status());
    var repaired = new IntegrityChecker(content, db().conversations(), db().recordings(),
        db().files(), Clock.fixed(orphanWritten.plus(Duration.ofDays(1)), ZoneOffset.UTC))
        .check(true, true, Duration.ZERO);
    assertTrue(repaired.repaired().contains("orphan " + orphan + " deleted"), repaired.toString());
    assertTrue(objects.head(orphan).isEmpty());
    assertTrue(young.repaired().contains("recording " + r + " marked FAILED"));
  }
}
