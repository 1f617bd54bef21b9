package io.tapline.jobs.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestJson;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.storage.KeyLayout;
import io.tapline.storage.NotFoundException;
import io.tapline.storage.index.Composition;
import io.tapline.storage.index.CompositionStatus;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.object.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a recording's directory for processing: the tap's own directory when the job was given
 * one ({@code recordingDir}, where the SFU wrote it) and this worker has it, otherwise a copy
 * fetched from storage (the stored manifest, its events and every segment) into the work
 * directory. A worker that never saw the conversation can therefore process it. The tap's layout
 * is the SFU's business: this class never derives a directory from an id.
 */
public final class RecordingSource {
  private static final Logger log = LoggerFactory.getLogger(RecordingSource.class);
  static final String COMPLETE_MARKER = ".fetched";

  private final Path workDir;
  private final ContentStore content;
  private final RecordingRepository recordings;

  public RecordingSource(Path workDir, ContentStore content, RecordingRepository recordings) {
    this.workDir = workDir;
    this.content = content;
    this.recordings = recordings;
  }

  /**
   * The tap's directory of this recording, when the job names one and this worker has it (its
   * manifest exists). A directory whose manifest names another recording is refused.
   */
  public Optional<RecordingDirectory> local(String recordingId, Optional<Path> tapDir)
      throws IOException {
    if (tapDir.isEmpty()) {
      return Optional.empty();
    }
    RecordingDirectory dir = new RecordingDirectory(tapDir.get());
    if (!Files.isRegularFile(dir.manifestFile())) {
      return Optional.empty();
    }
    String named = dir.readManifest().recordingId();
    if (!recordingId.equals(named)) {
      throw new IllegalArgumentException("recording directory " + tapDir.get()
          + " holds recording " + named + ", not " + recordingId);
    }
    return Optional.of(dir);
  }

  /**
   * The tap's directory if the job names one that is on this worker, else the stored recording
   * fetched into the work directory.
   */
  public RecordingDirectory open(String recordingId, Optional<Path> tapDir) throws IOException {
    Optional<RecordingDirectory> local = local(recordingId, tapDir);
    if (local.isPresent()) {
      return local.get();
    }
    if (tapDir.isPresent()) {
      log.debug("recording {}: {} is not on this worker; using what storage has", recordingId,
          tapDir.get());
    }
    return fetch(recordingId, new WorkDirs(workDir, recordingId).source());
  }

  /** The stored recording as a local directory in {@code target}; fetched once, then reused. */
  public RecordingDirectory fetch(String recordingId, Path target) throws IOException {
    RecordingDirectory dir = new RecordingDirectory(target);
    if (Files.exists(target.resolve(COMPLETE_MARKER))) {
      return dir;
    }
    Recording rec = recordings.find(recordingId).orElseThrow(() -> new NotFoundException(
        "no recording " + recordingId + " in the index"));
    String manifestKey = rec.manifestKey() != null ? rec.manifestKey()
        : KeyLayout.manifest(rec.conversationId(), recordingId);
    StoredManifest stored;
    try (InputStream in = content.open(manifestKey)) {
      stored = StoredManifest.decode(in.readAllBytes());
    }
    Files.createDirectories(target);
    int segments = 0;
    for (ManifestTrack t : stored.manifest().tracks()) {
      for (SegmentEntry e : t.segments()) {
        Path file = dir.resolve(e);
        if (Files.isRegularFile(file) && Files.size(file) == e.bytes()) {
          continue;
        }
        Files.createDirectories(file.getParent());
        Path part = WorkDirs.partial(file);
        try (InputStream in = content.open(KeyLayout.segment(rec.conversationId(), recordingId,
            t.trackId(), e.index()))) {
          Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        }
        WorkDirs.complete(file);
        segments++;
      }
    }
    writeEvents(dir, stored);
    dir.writeManifest(stored.manifest());
    Files.createFile(target.resolve(COMPLETE_MARKER));
    log.info("fetched recording {} from storage: {} segments into {}", recordingId, segments,
        target);
    return dir;
  }

  /**
   * A stored composition of the recording (AVAILABLE in the index) downloaded into {@code
   * targetDir} as {@code {compositionId}.{ext}}, its SHA-256 checked against the index; fetched
   * once, then reused.
   *
   * @throws NotFoundException when the recording has no such stored composition
   */
  public Path fetchComposition(String recordingId, String compositionId, Path targetDir)
      throws IOException {
    Composition c = recordings.compositions(recordingId).stream()
        .filter(x -> x.id().equals(compositionId)).findFirst()
        .filter(x -> x.status() == CompositionStatus.AVAILABLE && x.object() != null)
        .orElseThrow(() -> new NotFoundException("recording " + recordingId
            + " has no stored composition " + compositionId));
    String key = c.object().key();
    Path file = targetDir.resolve(compositionId + "." + key.substring(key.lastIndexOf('.') + 1));
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(targetDir);
    Path part = WorkDirs.partial(file);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(content.open(key), sha)) {
      Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
    }
    String got = HexFormat.of().formatHex(sha.digest());
    if (!got.equals(c.object().sha256())) {
      Files.deleteIfExists(part);
      throw new IOException("composition " + key + " read back with SHA-256 " + got
          + ", the index says " + c.object().sha256());
    }
    WorkDirs.complete(file);
    log.info("fetched composition {} from storage into {}", compositionId, file);
    return file;
  }

  private static void writeEvents(RecordingDirectory dir, StoredManifest stored)
      throws IOException {
    ObjectMapper json = ManifestJson.mapper();
    Path part = WorkDirs.partial(dir.eventsFile());
    try (OutputStream out = Files.newOutputStream(part)) {
      for (ManifestEvent e : stored.events()) {
        out.write(json.writeValueAsBytes(e));
        out.write('\n');
      }
    }
    WorkDirs.complete(dir.eventsFile());
  }
}
