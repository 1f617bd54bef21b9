package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments checked against their manifest, on a real recording directory. */
class SegmentVerifierTest {
  @TempDir Path tmp;
  RecordingDirectory dir;
  Manifest manifest;

  @BeforeEach
  void record() throws Exception {
    dir = BatchFixtures.threeParticipants(tmp, "rec-v", "conv-v", 3);
    manifest = dir.readManifest();
  }

  @Test
  void aWholeRecordingPasses() throws Exception {
    var r = new SegmentVerifier().verify(dir, manifest, s -> false);
    int segments = manifest.tracks().stream().mapToInt(t -> t.segments().size()).sum();
    assertEquals(6, r.tracks());
    assertEquals(segments, r.segments());
    assertEquals(0, r.alreadyStored());
    assertTrue(r.bytes() > 0);
  }

  @Test
  void aMissingSegmentPassesOnlyWhenStored() throws Exception {
    SegmentEntry gone = manifest.track("bob-mic").orElseThrow().segments().get(1);
    Files.delete(dir.resolve(gone));
    var e = assertThrows(SegmentVerificationException.class,
        () -> new SegmentVerifier().verify(dir, manifest, s -> false));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).contains("missing"), e.problems().toString());
    var r = new SegmentVerifier().verify(dir, manifest,
        s -> s.trackId().equals("bob-mic") && s.index() == gone.index());
    assertEquals(1, r.alreadyStored());
  }

  @Test
  void truncatedAndCorruptSegmentsAreReported() throws Exception {
    Path cut = dir.resolve(manifest.track("alice-cam").orElseThrow().segments().get(0));
    byte[] bytes = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    Path flipped = dir.resolve(manifest.track("carol-mic").orElseThrow().segments().get(0));
    byte[] f = Files.readAllBytes(flipped);
    f[f.length - 10] ^= 1;
    Files.write(flipped, f);

    var e = assertThrows(SegmentVerificationException.class,
        () -> new SegmentVerifier().verify(dir, manifest, s -> false));

    assertEquals(2, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).contains("bytes, manifest says"), e.problems().toString());
    assertTrue(e.problems().get(1).contains("carol-mic"), e.problems().toString());
  }
}
