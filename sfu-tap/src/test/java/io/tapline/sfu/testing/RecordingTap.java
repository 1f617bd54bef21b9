package io.tapline.sfu.testing;

import io.tapline.pipeline.manifest.EventType;
import io.tapline.sfu.tap.Tap;
import io.tapline.sfu.tap.TapRecording;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A {@link Tap} whose recordings keep their event log in memory. Like the real tap it logs its
 * own lifecycle (started, paused, resumed, stopped) and refuses a second recording at a time.
 */
public final class RecordingTap implements Tap {
  /** One logged event, as the manifest's event log would hold it (without time). */
  public record Event(EventType type, String participantId, String trackId, Map<String, String> attributes) {
    @Override
    public String toString() {
      return type + (participantId == null ? "" : " " + participantId) + (trackId == null ? "" : " " + trackId);
    }
  }

  public final List<Recording> recordings = new CopyOnWriteArrayList<>();
  public final Set<String> failingConversations = new CopyOnWriteArraySet<>();

  @Override
  public synchronized TapRecording start(String conversationId, String recordingId, Path directory) {
    if (failingConversations.contains(conversationId)) {
      throw new IllegalStateException("disk full");
    }
    for (Recording r : recordings) {
      if (r.conversationId.equals(conversationId) && r.state != TapRecording.State.STOPPED) {
        throw new IllegalStateException("already recording " + conversationId);
      }
    }
    Recording r = new Recording(conversationId, recordingId, directory);
    recordings.add(r);
    return r;
  }

  public Recording last() {
    return recordings.get(recordings.size() - 1);
  }

  public static final class Recording implements TapRecording {
    public final String conversationId;
    public final String recordingId;
    public final Path directory;
    public final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile State state = State.RECORDING;
    /** Makes {@link #event} throw, as a full disk would. */
    public volatile boolean failWrites;

    Recording(String conversationId, String recordingId, Path directory) {
      this.conversationId = conversationId;
      this.recordingId = recordingId;
      this.directory = directory;
      events.add(new Event(EventType.RECORDING_STARTED, null, null, Map.of()));
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

    @Override
    public void event(EventType type, String participantId, String trackId, Map<String, String> attributes) {
      if (state == State.STOPPED || failWrites) {
        throw new IllegalStateException("cannot write event " + type);
      }
      events.add(new Event(type, participantId, trackId, Map.copyOf(attributes)));
    }

    @Override
    public void pause() {
      if (failWrites) {
        throw new IllegalStateException("cannot pause");
      }
      state = State.PAUSED;
      events.add(new Event(EventType.RECORDING_PAUSED, null, null, Map.of()));
    }

    @Override
    public void resume() {
      state = State.RECORDING;
      events.add(new Event(EventType.RECORDING_RESUMED, null, null, Map.of()));
    }

    @Override
    public void stop() {
      if (state != State.STOPPED) {
        events.add(new Event(EventType.RECORDING_STOPPED, null, null, Map.of()));
        state = State.STOPPED;
      }
    }

    public List<String> eventStrings() {
      return events.stream().map(Event::toString).toList();
    }
  }
}
