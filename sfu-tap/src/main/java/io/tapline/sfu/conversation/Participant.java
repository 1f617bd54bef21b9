package io.tapline.sfu.conversation;

import io.tapline.sfu.auth.Role;
import java.time.Instant;
import java.util.Objects;

/** One endpoint in a conversation, as of a moment (immutable). */
public record Participant(String id, String displayName, Role role, Instant joinedAt) {
  public Participant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(joinedAt, "joinedAt");
  }
}
