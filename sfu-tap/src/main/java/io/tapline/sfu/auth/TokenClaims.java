package io.tapline.sfu.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a join token grants: one participant, in one conversation, with one role, until a time.
 *
 * @param conversationId the conversation the token is valid for (claim {@code conv})
 * @param participantId who joins (claim {@code sub}), {@code [A-Za-z0-9._-]{1,64}}
 * @param displayName shown to others (claim {@code name}), may be null, at most 128 characters
 * @param role what the participant may do (claim {@code role})
 * @param issuedAt claim {@code iat}
 * @param expiresAt claim {@code exp}, seconds precision
 * @param applicationId the application that issued the token (claim {@code app}), which owns the
 *     conversation; may be null for tokens issued without one
 */
public record TokenClaims(
    String conversationId, String participantId, String displayName, Role role, Instant issuedAt, Instant expiresAt,
    String applicationId) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
  public static final int MAX_DISPLAY_NAME = 128;

  public TokenClaims {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    checkId("conversationId", conversationId);
    checkId("participantId", participantId);
    if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
      throw new IllegalArgumentException("displayName longer than " + MAX_DISPLAY_NAME + " characters");
    }
    if (applicationId != null) {
      checkId("applicationId", applicationId);
    }
  }

  /** Claims without an issuing application. */
  public TokenClaims(
      String conversationId, String participantId, String displayName, Role role, Instant issuedAt, Instant expiresAt) {
    this(conversationId, participantId, displayName, role, issuedAt, expiresAt, null);
  }

  /** Ids end up in file names and URLs, hence the narrow alphabet. */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private static void checkId(String what, String id) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException(what + " must match [A-Za-z0-9._-]{1,64} and not start with a dot: " + id);
    }
  }
}
