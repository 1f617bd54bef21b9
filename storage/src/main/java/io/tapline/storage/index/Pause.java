package io.tapline.storage.index;

import java.time.Instant;

/** A pause in a recording; {@code resumedAt} is null while paused. */
public record Pause(Instant pausedAt, Instant resumedAt) {}
