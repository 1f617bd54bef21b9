package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.sfu.auth.TokenClaims;
import io.tapline.sfu.auth.TokenException;
import io.tapline.sfu.auth.TokenVerifier;
import io.tapline.sfu.conversation.Conversation;
import io.tapline.sfu.conversation.ConversationException;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.LeaveReason;
import io.tapline.sfu.signaling.SignalingConnection.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code join} and {@code leave}, and the leave implied by a session that closes. */
final class MembershipRequests {
  private static final Logger log = LoggerFactory.getLogger(MembershipRequests.class);

  private final TokenVerifier tokens;
  private final ConversationRegistry registry;
  private final ConnectionDirectory directory;
  private final Messages messages;
  private final ObjectNode webrtcInfo;
  private final JoinAdmissions admissions;

  MembershipRequests(TokenVerifier tokens, ConversationRegistry registry, ConnectionDirectory directory,
      Messages messages, ObjectNode webrtcInfo, JoinAdmissions admissions) {
    this.webrtcInfo = webrtcInfo;
    this.tokens = tokens;
    this.admissions = admissions;
    this.registry = registry;
    this.directory = directory;
    this.messages = messages;
  }

  void join(SignalingConnection connection, Request request) {
    if (connection.membership() != null) {
      throw new SignalingException(ErrorCode.ALREADY_JOINED, "this session has already joined a conversation");
    }
    Fields f = request.fields();
    long version = f.integer("version", 0, Integer.MAX_VALUE);
    if (version != Messages.PROTOCOL_VERSION) {
      throw new SignalingException(ErrorCode.UNSUPPORTED_VERSION,
          "protocol version " + version + " is not supported; this server speaks version " + Messages.PROTOCOL_VERSION);
    }
    String conversationId = f.text("conversationId");
    String token = f.text("token");
    TokenClaims claims = verify(connection, token);
    if (!claims.conversationId().equals(conversationId)) {
      throw refused(connection, ErrorCode.WRONG_CONVERSATION,
          "the token is for another conversation than " + conversationId, CloseCodes.FORBIDDEN);
    }
    admissions.admitted(claims);
    registry.join(conversationId, claims.participantId(), claims.displayName(), claims.role(), state -> {
      // Under the conversation's lock: the joiner sees this state before any later event.
      connection.send(messages.joined(request.id(), claims.participantId(), state, webrtcInfo));
      Conversation conversation = registry.require(conversationId);
      Membership m = new Membership(claims, conversation);
      connection.attach(m);
      SignalingConnection previous = directory.put(conversationId, claims.participantId(), connection);
      if (previous != null && previous != connection) {
        previous.detach();
        previous.close(CloseCodes.REPLACED, "joined again from another session");
      }
      if (connection.isClosed()) {
        // The session went away while joining: undo, as its close found nothing to leave.
        leaveQuietly(connection, LeaveReason.DISCONNECTED);
      }
    });
    log.info("Session {} joined {} as {} ({})", connection.id(), conversationId, claims.participantId(),
        claims.role().wireName());
  }

  void leave(SignalingConnection connection, Request request) {
    connection.send(messages.answer("ok", request.id()));
    leaveQuietly(connection, LeaveReason.LEFT);
    connection.close(CloseCodes.NORMAL, "left");
  }

  /** The participant of a session that closes or leaves is removed, unless a newer session took over. */
  void leaveQuietly(SignalingConnection connection, LeaveReason reason) {
    connection.closeWebRtc();
    Membership m = connection.detach();
    if (m == null) {
      return;
    }
    Conversation c = m.conversation();
    c.runLocked(() -> {
      if (directory.remove(c.id(), m.participantId(), connection) && c.participant(m.participantId()) != null) {
        try {
          c.leave(m.participantId(), reason);
        } catch (ConversationException e) {
          log.debug("Leave of {} from {}: {}", m.participantId(), c.id(), e.getMessage());
        }
      }
    });
  }

  private TokenClaims verify(SignalingConnection connection, String token) {
    try {
      return tokens.verify(token);
    } catch (TokenException e) {
      ErrorCode code = e.reason() == TokenException.Reason.EXPIRED ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN;
      throw refused(connection, code, e.getMessage(), CloseCodes.UNAUTHORIZED);
    }
  }

  /** A refused join closes the session: retrying with the same token cannot succeed. */
  private static JoinRefusedException refused(
      SignalingConnection connection, ErrorCode code, String message, int closeCode) {
    log.info("Session {}: join refused ({}): {}", connection.id(), code.wireName(), message);
    return new JoinRefusedException(code, message, closeCode);
  }

  /** Thrown to the handler, which answers, counts and then closes. */
  static final class JoinRefusedException extends RuntimeException {
    final ErrorCode code;
    final int closeCode;

    JoinRefusedException(ErrorCode code, String message, int closeCode) {
      super(message, null, false, false);
      this.code = code;
      this.closeCode = closeCode;
    }
  }
}
