package io.tapline.app.live;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Recording ids for the {@link io.tapline.sfu.conversation.RecordingController}: random, unless the
 * caller (the scheduler, which chooses its own ids so a re-fire is idempotent) names one for the
 * start it runs on this thread.
 */
public final class RecordingIds implements Supplier<String> {
  private final ThreadLocal<String> requested = new ThreadLocal<>();

  @Override
  public String get() {
    String id = requested.get();
    return id != null ? id : "rec-" + UUID.randomUUID();
  }

  public <T> T withId(String recordingId, Supplier<T> action) {
    requested.set(recordingId);
    try {
      return action.get();
    } finally {
      requested.remove();
    }
  }
}
