package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole recording made to look like the tap was killed mid-capture (its last segment of each
 * track unlisted, one with a torn record, no stop in the manifest or the log), then closed: the
 * result lists what the tap would have listed and passes the finalize job's verifier.
 */
class InterruptedCaptureTest {
  private static final Instant DETECTED = Instant.parse("2030-01-01T00:00:00Z");
  @TempDir Path tmp;
  RecordingDirectory dir;
  Manifest whole;

  @BeforeEach
  void record() throws Exception {
    dir = BatchFixtures.threeParticipants(tmp, "rec-i", "conv-i", 5);
    whole = dir.readManifest();
    List<ManifestTrack> open = new ArrayList<>();
    for (ManifestTrack t : whole.tracks()) {
      List<SegmentEntry> listed = t.segments().subList(0, t.segments().size() - 1);
      open.add(new ManifestTrack(t.trackId(), t.participantId(), t.participantName(), t.kind(),
          t.source(), t.codec(), t.payloadType(), t.clockRate(), t.channels(), t.fmtp(),
          t.extmap(), t.ssrc(), listed, t.clock().stream()
              .filter(c -> listed.isEmpty()
                  || c.arrivalMicros() <= listed.get(listed.size() - 1).lastArrivalMicros())
              .toList()));
    }
    dir.writeManifest(new Manifest(whole.version(), whole.recordingId(),
        whole.conversationId(), whole.startedMicros(), null, open));
    List<ManifestEvent> kept = dir.readEvents().stream()
        .filter(e -> e.type() != EventType.RECORDING_STOPPED).toList();
    Files.delete(dir.eventsFile());
    try (EventLog log = dir.openEventLog()) {
      for (ManifestEvent e : kept) {
        log.append(e.timeMicros(), e.type(), e.participantId(), e.trackId(), e.attributes());
      }
    }
    // a torn last write: a record header cut after four bytes
    SegmentEntry last = lastSegment(whole, "alice-cam");
    Files.write(dir.resolve(last), new byte[] {1, 0, 0, 0}, StandardOpenOption.APPEND);
  }

  @Test
  void listsTheOpenSegmentsCutsTheTornRecordAndPassesTheVerifier() throws Exception {
    var r = new InterruptedCapture().close(dir, DETECTED);

    assertTrue(r.closedNow());
    assertEquals(whole.tracks().size(), r.segmentsListed());
    assertEquals(4, r.bytesCut());
    Manifest m = dir.readManifest();
    long lastRecord = whole.tracks().stream().flatMap(t -> t.segments().stream())
        .mapToLong(SegmentEntry::lastArrivalMicros).max().orElseThrow();
    assertEquals(lastRecord, m.stoppedMicros(), "the end is the last record, not the recovery");
    assertEquals(lastRecord, r.endMicros());
    for (ManifestTrack t : whole.tracks()) {
      ManifestTrack got = m.track(t.trackId()).orElseThrow();
      assertEquals(t.segments(), got.segments(), t.trackId());
      assertEquals(t.clock().size(), got.clock().size(), t.trackId() + " sender reports");
      for (int i = 0; i < t.clock().size(); i++) {
        var want = t.clock().get(i);
        var sample = got.clock().get(i);
        assertEquals(want.rtpTimestamp(), sample.rtpTimestamp());
        assertEquals(want.arrivalMicros(), sample.arrivalMicros());
        // the fixture keeps micros; the record holds a 64-bit NTP time, read back to +- 1 us
        assertTrue(Math.abs(want.ntpMicros() - sample.ntpMicros()) <= 1, sample.toString());
      }
    }
    assertEquals(lastSegment(whole, "alice-cam").bytes(),
        Files.size(dir.resolve(lastSegment(whole, "alice-cam"))));
    new SegmentVerifier().verify(dir, m, s -> false);

    List<ManifestEvent> stops = dir.readEvents().stream()
        .filter(e -> e.type() == EventType.RECORDING_STOPPED).toList();
    assertEquals(1, stops.size());
    assertEquals(lastRecord, stops.get(0).timeMicros());
    assertEquals("interrupted", stops.get(0).attribute("reason"));
    assertEquals(DETECTED.toString(), stops.get(0).attribute("detectedAt"));
  }

  @Test
  void closingAgainChangesNothing() throws Exception {
    new InterruptedCapture().close(dir, DETECTED);
    byte[] manifest = Files.readAllBytes(dir.manifestFile());
    byte[] events = Files.readAllBytes(dir.eventsFile());

    var again = new InterruptedCapture().close(dir, DETECTED.plusSeconds(60));

    assertFalse(again.closedNow());
    assertTrue(again.interrupted());
    assertEquals(0, again.segmentsListed());
    assertArrayEquals(manifest, Files.readAllBytes(dir.manifestFile()));
    assertArrayEquals(events, Files.readAllBytes(dir.eventsFile()));
  }

  @Test
  void aCrashAfterTheManifestButBeforeTheEventIsFinishedWithoutListingTwice() throws Exception {
    new InterruptedCapture().close(dir, DETECTED);
    Manifest closed = dir.readManifest();
    List<ManifestEvent> kept = dir.readEvents().stream()
        .filter(e -> e.type() != EventType.RECORDING_STOPPED).toList();
    Files.delete(dir.eventsFile());
    try (EventLog log = dir.openEventLog()) {
      for (ManifestEvent e : kept) {
        log.append(e.timeMicros(), e.type(), e.participantId(), e.trackId(), e.attributes());
      }
    }

    var r = new InterruptedCapture().close(dir, DETECTED);

    assertTrue(r.closedNow());
    assertEquals(0, r.segmentsListed());
    assertEquals(closed, dir.readManifest());
    assertEquals(1, dir.readEvents().stream()
        .filter(e -> e.type() == EventType.RECORDING_STOPPED).count());
  }

  @Test
  void aRecordingTheTapStoppedIsNotInterrupted() throws Exception {
    dir.writeManifest(whole);
    try (EventLog log = dir.openEventLog()) {
      log.append(whole.stoppedMicros(), EventType.RECORDING_STOPPED, null, null, null);
    }
    byte[] events = Files.readAllBytes(dir.eventsFile());

    var r = new InterruptedCapture().close(dir, DETECTED);

    assertFalse(r.closedNow());
    assertFalse(r.interrupted(), "stopped by the tap, not by a crash");
    assertArrayEquals(events, Files.readAllBytes(dir.eventsFile()));
  }

  @Test
  void aTrackWithNothingWrittenYetStaysEmpty() throws Exception {
    ManifestTrack empty = new ManifestTrack("dave-mic", "dave", null, "audio", "microphone",
        "opus", 111, 48000, 2, null, null, 0, null, null);
    dir.writeManifest(dir.readManifest().withTrack(empty));
    Path created = dir.segmentFile("dave-mic", 0);
    Files.createDirectories(created.getParent());
    Files.write(created, new byte[0]); // created by a crash before its header was written

    new InterruptedCapture().close(dir, DETECTED);

    ManifestTrack t = dir.readManifest().track("dave-mic").orElseThrow();
    assertTrue(t.segments().isEmpty());
    assertEquals(0, t.ssrc());
    assertNull(dir.readManifest().track("nobody").orElse(null));
  }

  private static SegmentEntry lastSegment(Manifest m, String trackId) {
    List<SegmentEntry> s = m.track(trackId).orElseThrow().segments();
    return s.get(s.size() - 1);
  }
}
