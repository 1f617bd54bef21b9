package io.tapline.sfu.conversation;

import io.tapline.sfu.media.TrackSpec;
import java.time.Instant;
import java.util.Objects;

/** A published track and its state, as of a moment (immutable; a mute makes a new one). */
public record Track(TrackSpec spec, boolean muted, Instant publishedAt) {
  public static final String SOURCE_SCREEN = "screen";

  public Track {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(publishedAt, "publishedAt");
  }

  public String trackId() {
    return spec.trackId();
  }

  public String participantId() {
    return spec.participantId();
  }

  public boolean isScreen() {
    return SOURCE_SCREEN.equals(spec.source());
  }

  Track withMuted(boolean value) {
    return new Track(spec, value, publishedAt);
  }
}
