package io.tapline.sfu.tap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.manifest.SegmentEntry;
import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.sfu.media.TrackSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running recording. Forwarding threads hand packets to {@link #trackTap} taps, which copy
 * them into a bounded queue (never blocking, counting {@code tap.queue_full} when it overflows);
 * one writer thread per recording drains it into {@link TrackRecorder}s, flushes every {@code
 * flushInterval}, rewrites the manifest atomically whenever a segment closes and hands the segment
 * to the {@link SegmentSink}. Events are appended to the event log on the caller's thread, durable
 * when the call returns. Lifecycle only moves forward; {@link #stop()} is idempotent.
 */
public final class RecordingSession implements TapRecording {
  private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

  private final String recordingId;
  private final String conversationId;
  private final RecordingDirectory directory;
  private final TapConfig config;
  private final Consumer<String> keyframeRequests;
  private final Runnable onStop;
  private final LongSupplier clockMicros;
  private final EventLog events;
  private final BlockingQueue<Object> queue;
  private final DropCounters drops = new DropCounters();
  private final Thread writer;
  private final Map<String, TrackRecorder> recorders = new LinkedHashMap<>(); // writer thread only
  private final FunctionCounter queueDrops;
  private final MeterRegistry registry;
  private Manifest manifest; // writer thread only after start
  private volatile State state = State.RECORDING;
  private volatile long recordsFlushed;

  private record Packet(String trackId, RecordType type, long micros, byte[] data) {}

  private record AddTrack(TrackSpec spec) {}

  private record EndTrack(String trackId) {}

  private record Resumed(long micros) {}

  private enum Stop { INSTANCE }

  /**
   * Creates the directory, the first manifest and the event log, logs {@code RECORDING_STARTED}
   * and starts the writer thread.
   *
   * @param keyframeRequests asks the media plane for a keyframe of a track id
   * @param onStop detaches the recording from the media plane (called once by {@link #stop()})
   */
  public RecordingSession(String recordingId, String conversationId, Path dir, TapConfig config,
      Consumer<String> keyframeRequests, Runnable onStop, LongSupplier clockMicros, MeterRegistry registry) {
    this.recordingId = recordingId;
    this.conversationId = conversationId;
    this.directory = new RecordingDirectory(dir);
    this.config = config;
    this.keyframeRequests = keyframeRequests;
    this.onStop = onStop;
    this.clockMicros = clockMicros;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.registry = registry;
    long now = clockMicros.getAsLong();
    this.manifest = Manifest.start(recordingId, conversationId, now);
    try {
      directory.writeManifest(manifest);
      this.events = directory.openEventLog();
      events.append(now, EventType.RECORDING_STARTED, null, null, Map.of("recordingId", recordingId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start recording in " + dir, e);
    }
    this.queueDrops = FunctionCounter.builder("tapline.tap.drops", drops, d -> d.get("tap.queue_full"))
        .tag("recording", recordingId).tag("reason", "tap.queue_full").register(registry);
    this.writer = new Thread(this::runWriter, "tap-writer-" + recordingId);
    writer.setDaemon(true);
    writer.start();
  }

  /** Starts recording a track (present or newly published); returns the tap its packets go to. */
  public TrackTap trackTap(TrackSpec spec) {
    RecordingDirectory.checkTrackId(spec.trackId());
    enqueueControl(new AddTrack(spec));
    String trackId = spec.trackId();
    return (type, micros, buf, off, len) -> {
      if (state != State.RECORDING) {
        return;
      }
      if (!queue.offer(new Packet(trackId, type, micros, Arrays.copyOfRange(buf, off, off + len)))) {
        drops.count("tap.queue_full");
      }
    };
  }

  /** The track was unpublished: its open segment is closed. */
  public void trackEnded(String trackId) {
    enqueueControl(new EndTrack(trackId));
  }

  @Override
  public String recordingId() {
    return recordingId;
  }

  @Override
  public String conversationId() {
    return conversationId;
  }

  @Override
  public State state() {
    return state;
  }

  public Path directory() {
    return directory.path();
  }

  public DropCounters drops() {
    return drops;
  }

  /** Records written and handed to the OS by the last flush (for crash tests and monitoring). */
  public long recordsFlushed() {
    return recordsFlushed;
  }

  @Override
  public void event(EventType type, String participantId, String trackId, Map<String, String> attributes) {
    if (state == State.STOPPED) {
      throw new IllegalStateException("recording " + recordingId + " is stopped");
    }
    appendEvent(type, participantId, trackId, attributes);
  }

  @Override
  public synchronized void pause() {
    if (state != State.RECORDING) {
      return; // pausing a paused recording is a no-op; a stopped one stays stopped
    }
    state = State.PAUSED;
    appendEvent(EventType.RECORDING_PAUSED, null, null, Map.of());
  }

  @Override
  public synchronized void resume() {
    if (state != State.PAUSED) {
      return;
    }
    long now = clockMicros.getAsLong();
    enqueueControl(new Resumed(now)); // before packets flow again, so video restarts at a keyframe
    state = State.RECORDING;
    appendEvent(EventType.RECORDING_RESUMED, null, null, Map.of());
  }

  @Override
  public void stop() {
    synchronized (this) {
      if (state == State.STOPPED) {
        return;
      }
      state = State.STOPPED;
    }
    onStop.run();
    try {
      queue.put(Stop.INSTANCE);
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      log.error("recording {} writer did not finish in 30 s", recordingId);
    }
    appendEvent(EventType.RECORDING_STOPPED, null, null, Map.of());
    try {
      events.close();
    } catch (IOException e) {
      log.warn("closing event log of {}", recordingId, e);
    }
    registry.remove(queueDrops);
  }

  private void appendEvent(EventType type, String participantId, String trackId, Map<String, String> attributes) {
    try {
      events.append(clockMicros.getAsLong(), type, participantId, trackId, attributes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append " + type + " to " + directory.eventsFile(), e);
    }
  }

  private void enqueueControl(Object item) {
    try {
      queue.put(item); // control items must not be lost; the writer drains fast
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // ---- writer thread ----

  private void runWriter() {
    long flushNanos = config.flushInterval().toNanos();
    long nextFlush = System.nanoTime() + flushNanos;
    try {
      while (true) {
        Object item = queue.poll(Math.max(0, nextFlush - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (item == Stop.INSTANCE) {
          break;
        }
        if (item != null) {
          handle(item);
        }
        if (System.nanoTime() - nextFlush >= 0) {
          flushAll();
          nextFlush = System.nanoTime() + flushNanos;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finish();
    }
  }

  private void handle(Object item) {
    try {
      if (item instanceof Packet p) {
        TrackRecorder r = recorders.get(p.trackId());
        if (r != null) {
          if (p.type() == RecordType.RTP) {
            r.rtp(p.micros(), p.data());
          } else {
            r.rtcp(p.micros(), p.data());
          }
        }
      } else if (item instanceof AddTrack a) {
        if (!recorders.containsKey(a.spec().trackId())) {
          TrackRecorder r = new TrackRecorder(a.spec(), recordingId, conversationId, directory, config, owner, drops);
          recorders.put(a.spec().trackId(), r);
          manifest = manifest.withTrack(r.manifestTrack());
          directory.writeManifest(manifest);
          if (a.spec().isVideo()) {
            keyframeRequests.accept(a.spec().trackId());
          }
        }
      } else if (item instanceof EndTrack e) {
        TrackRecorder r = recorders.get(e.trackId());
        if (r != null) {
          r.close();
        }
      } else if (item instanceof Resumed r) {
        for (TrackRecorder rec : recorders.values()) {
          rec.resumed(r.micros());
        }
      }
    } catch (IOException | RuntimeException e) {
      drops.count("tap.write_failed");
      log.error("recording {}: writing failed", recordingId, e);
    }
  }

  private void flushAll() {
    for (TrackRecorder r : recorders.values()) {
      try {
        r.flush();
      } catch (IOException e) {
        drops.count("tap.write_failed");
        log.error("recording {}: flush failed", recordingId, e);
      }
    }
    recordsFlushed = recorders.values().stream().mapToLong(TrackRecorder::recordsWritten).sum();
    log.debug("recording {} flushed {} records", recordingId, recordsFlushed);
  }

  private void finish() {
    for (TrackRecorder r : recorders.values()) {
      try {
        r.close();
      } catch (IOException e) {
        log.error("recording {}: closing a segment failed", recordingId, e);
      }
    }
    manifest = manifest.stopped(clockMicros.getAsLong());
    try {
      directory.writeManifest(manifest);
    } catch (IOException e) {
      log.error("recording {}: final manifest not written", recordingId, e);
    }
  }

  private final TrackRecorder.Owner owner = new TrackRecorder.Owner() {
    @Override
    public void requestKeyframe(String trackId) {
      keyframeRequests.accept(trackId);
    }

    @Override
    public void segmentClosed(ManifestTrack track, SegmentEntry entry, Path file) {
      manifest = manifest.withTrack(track);
      try {
        directory.writeManifest(manifest);
      } catch (IOException e) {
        drops.count("tap.manifest_failed");
        log.error("recording {}: manifest not rewritten after segment {}", recordingId, entry.file(), e);
      }
      try {
        config.sink().segmentClosed(recordingId, track.trackId(), entry, file);
      } catch (RuntimeException e) {
        log.error("recording {}: segment sink failed on {}", recordingId, entry.file(), e);
      }
    }
  };
}
