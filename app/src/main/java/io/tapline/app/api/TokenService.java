package io.tapline.app.api;

import io.tapline.app.api.ApiModels.IssueToken;
import io.tapline.app.api.ApiModels.TokenView;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.auth.TokenClaims;
import io.tapline.sfu.auth.TokenIssuer;
import io.tapline.storage.index.Conversation;
import io.tapline.storage.index.ConversationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Join tokens for participants of an application's conversation. */
public final class TokenService {
  private final ConversationService conversations;
  private final TokenIssuer issuer;
  private final Duration defaultTtl;
  private final Duration maxTtl;
  private final String signalingPath;
  private final Clock clock;

  public TokenService(ConversationService conversations, TokenIssuer issuer, Duration defaultTtl, Duration maxTtl,
      String signalingPath, Clock clock) {
    this.conversations = conversations;
    this.issuer = issuer;
    this.defaultTtl = defaultTtl;
    this.maxTtl = maxTtl;
    this.signalingPath = signalingPath;
    this.clock = clock;
  }

  public TokenView issue(String app, String conversationId, IssueToken req) {
    Conversation c = conversations.owned(app, conversationId);
    if (req == null) {
      throw ApiException.invalid("a JSON body is required: {\"participantId\": \"...\", \"role\": \"publisher\"}");
    }
    if (req.participantId() == null || !TokenClaims.isValidId(req.participantId())) {
      throw ApiException.invalid("participantId is required: 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
    }
    if (req.name() != null && req.name().length() > TokenClaims.MAX_DISPLAY_NAME) {
      throw ApiException.invalid("name must be at most " + TokenClaims.MAX_DISPLAY_NAME + " characters");
    }
    if (req.role() == null) {
      throw ApiException.invalid("role is required: one of " + roles());
    }
    Role role = Role.fromWireName(req.role());
    if (role == null) {
      throw ApiException.invalid("role must be one of " + roles() + ", got '" + req.role() + "'");
    }
    Duration ttl = defaultTtl;
    if (req.ttlSeconds() != null) {
      if (req.ttlSeconds() < 1 || req.ttlSeconds() > maxTtl.toSeconds()) {
        throw ApiException.invalid("ttlSeconds must be within [1, " + maxTtl.toSeconds() + "], got " + req.ttlSeconds());
      }
      ttl = Duration.ofSeconds(req.ttlSeconds());
    }
    if (c.status() == ConversationStatus.ENDED || c.status() == ConversationStatus.CANCELLED
        || c.status() == ConversationStatus.PURGING) {
      throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "invalid-state",
          "conversation '" + c.id() + "' is " + c.status().name().toLowerCase() + "; create a new one");
    }
    Instant now = clock.instant();
    // The app claim names the owner: a conversation this token's first join creates is the app's.
    String token = issuer.issue(app, c.id(), req.participantId(), req.name(), role, ttl);
    return new TokenView(token, c.id(), req.participantId(), role.wireName(), now.plus(ttl), signalingPath);
  }

  private static String roles() {
    return Arrays.stream(Role.values()).map(Role::wireName).collect(Collectors.joining(", "));
  }
}
