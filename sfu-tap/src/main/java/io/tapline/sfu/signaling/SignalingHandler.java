package io.tapline.sfu.signaling;

import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.sfu.auth.TokenVerifier;
import io.tapline.sfu.conversation.ConversationException;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.LeaveReason;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.signaling.MembershipRequests.JoinRefusedException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling protocol (docs/signaling.md) over any message transport: the application calls
 * {@link #onOpen}, {@link #onMessage} and {@link #onClose} from its WebSocket endpoint. Messages of
 * one session are handled one at a time, in order. A bad message is answered with an {@code error}
 * and changes nothing; only a refused join closes the session. Thread-safe.
 */
public final class SignalingHandler {
  private static final Logger log = LoggerFactory.getLogger(SignalingHandler.class);
  private static final int MAX_ECHOED_TYPE = 40;

  private final SignalingConfig config;
  private final ObjectMapper json;
  private final Messages messages;
  private final SignalingMetrics metrics;
  private final MembershipRequests membership;
  private final Map<String, RequestHandler> handlers = new LinkedHashMap<>();
  private final Map<SignalingSession, SignalingConnection> connections = new ConcurrentHashMap<>();

  public SignalingHandler(
      SignalingConfig config,
      TokenVerifier tokens,
      ConversationRegistry registry,
      RecordingController recordings,
      MeterRegistry meters) {
    this(config, tokens, registry, recordings, meters, null, JoinAdmissions.NONE);
  }

  /**
   * With a WebRTC transport, browsers publish and subscribe over WebRTC ({@code offer},
   * {@code subscribe} without {@code rtp}, {@code subscriber-answer}); null keeps plain RTP only.
   */
  public SignalingHandler(
      SignalingConfig config,
      TokenVerifier tokens,
      ConversationRegistry registry,
      RecordingController recordings,
      MeterRegistry meters,
      WebRtcTransport webrtc) {
    this(config, tokens, registry, recordings, meters, webrtc, JoinAdmissions.NONE);
  }

  /** Plain RTP only. @param admissions told of each join whose token is valid, before it joins */
  public SignalingHandler(
      SignalingConfig config,
      TokenVerifier tokens,
      ConversationRegistry registry,
      RecordingController recordings,
      MeterRegistry meters,
      JoinAdmissions admissions) {
    this(config, tokens, registry, recordings, meters, null, admissions);
  }

  /**
   * @param webrtc the WebRTC transport, or null for plain RTP only
   * @param admissions told of each join whose token is valid, before it joins
   */
  public SignalingHandler(
      SignalingConfig config,
      TokenVerifier tokens,
      ConversationRegistry registry,
      RecordingController recordings,
      MeterRegistry meters,
      WebRtcTransport webrtc,
      JoinAdmissions admissions) {
    this.config = config;
    // Nesting is bounded too, so a deep "[[[[..." within the size limit stays cheap. Duplicate keys
    // and trailing data are refused: a message must mean one thing.
    this.json = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    this.messages = new Messages(json);
    ConnectionDirectory directory = new ConnectionDirectory();
    WebRtcRequests rtc = webrtc == null ? null : new WebRtcRequests(webrtc, messages);
    this.membership = new MembershipRequests(tokens, registry, directory, messages,
        rtc == null ? null : rtc.joinedInfo(), admissions);
    TrackRequests tracks = new TrackRequests(messages);
    ChatRequests chat = new ChatRequests(directory, messages, config.maxChatChars());
    RecordingRequests recording = new RecordingRequests(recordings, messages);
    handlers.put("join", membership::join);
    handlers.put("publish", tracks::publish);
    handlers.put("unpublish", tracks::unpublish);
    if (rtc == null) {
      handlers.put("subscribe", tracks::subscribe);
      handlers.put("unsubscribe", tracks::unsubscribe);
    } else {
      handlers.put("subscribe", (c, r) -> {
        if (r.fields().optionalObject("rtp") == null) {
          rtc.subscribe(c, r);
        } else {
          tracks.subscribe(c, r);
        }
      });
      handlers.put("unsubscribe", (c, r) -> {
        tracks.unsubscribe(c, r);
        WebRtcSession w = c.webrtc();
        if (w != null) {
          w.removed(r.fields().text("trackId"));
        }
      });
      handlers.put("offer", rtc::offer);
      handlers.put("subscriber-answer", rtc::subscriberAnswer);
      handlers.put("subscriber-restart", rtc::subscriberRestart);
    }
    handlers.put("mute", tracks::mute);
    handlers.put("unmute", tracks::unmute);
    handlers.put("chat", chat::chat);
    handlers.put("recording", recording::recording);
    handlers.put("leave", membership::leave);
    handlers.put("ping", (c, r) -> c.send(messages.answer("pong", r.id())));
    this.metrics = new SignalingMetrics(meters, handlers.keySet());
    registry.addObserver(new EventBroadcaster(directory, messages));
  }

  public void onOpen(SignalingSession session) {
    connection(session);
    log.debug("Session {} opened", session.id());
  }

  public void onMessage(SignalingSession session, String text) {
    SignalingConnection connection = connection(session);
    if (connection.isClosed()) {
      return;
    }
    synchronized (connection) {
      String[] id = new String[1];
      try {
        dispatch(connection, parse(text, id));
      } catch (SignalingException e) {
        answerError(connection, id[0], e.code(), e.getMessage());
      } catch (ConversationException e) {
        answerError(connection, id[0], errorCode(e.failure()), message(e));
      } catch (JoinRefusedException e) {
        answerError(connection, id[0], e.code, e.getMessage());
        connection.close(e.closeCode, e.code.wireName());
      } catch (RuntimeException e) {
        log.error("Session {}: request failed", session.id(), e);
        answerError(connection, id[0], ErrorCode.INTERNAL_ERROR, "internal error; the request was not carried out");
      }
    }
  }

  /** The transport closed the session (either side): its participant leaves. */
  public void onClose(SignalingSession session, int code, String reason) {
    SignalingConnection connection = connections.remove(session);
    if (connection == null) {
      return;
    }
    connection.markClosed();
    metrics.sessionClosed();
    log.debug("Session {} closed ({} {})", session.id(), code, reason);
    try {
      membership.leaveQuietly(connection, LeaveReason.DISCONNECTED);
    } catch (RuntimeException e) {
      log.error("Session {}: cleanup after close failed", session.id(), e);
    }
  }

  private SignalingConnection connection(SignalingSession session) {
    return connections.computeIfAbsent(session, s -> {
      metrics.sessionOpened();
      return new SignalingConnection(s, messages);
    });
  }

  private Request parse(String text, String[] id) {
    Request request = null;
    try {
      int max = config.maxMessageBytes();
      // UTF-8 takes at least one byte per char, so only shorter texts need their bytes counted.
      if (text == null || text.length() > max || text.getBytes(StandardCharsets.UTF_8).length > max) {
        throw new SignalingException(ErrorCode.MESSAGE_TOO_LARGE, "message is larger than " + max + " bytes");
      }
      request = Request.parse(json, text, id);
      return request;
    } finally {
      metrics.messageIn(request == null ? null : request.type());
    }
  }

  private void dispatch(SignalingConnection connection, Request request) {
    RequestHandler handler = handlers.get(request.type());
    if (handler == null) {
      String type = request.type();
      String shown = type.length() > MAX_ECHOED_TYPE ? type.substring(0, MAX_ECHOED_TYPE) + "..." : type;
      throw new SignalingException(ErrorCode.UNKNOWN_TYPE,
          "unknown message type '" + shown + "'; known types: " + String.join(", ", handlers.keySet()));
    }
    boolean open = request.type().equals("join") || request.type().equals("ping");
    if (!open && connection.membership() == null) {
      throw new SignalingException(ErrorCode.NOT_JOINED, "send 'join' before '" + request.type() + "'");
    }
    handler.handle(connection, request);
  }

  private void answerError(SignalingConnection connection, String requestId, ErrorCode code, String message) {
    metrics.error(code);
    connection.send(messages.error(requestId, code, message));
  }

  private static String message(ConversationException e) {
    return e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage();
  }

  private static ErrorCode errorCode(ConversationException.Failure failure) {
    return switch (failure) {
      case UNKNOWN_CONVERSATION -> ErrorCode.UNKNOWN_CONVERSATION;
      case CONVERSATION_ENDED -> ErrorCode.CONVERSATION_ENDED;
      case UNKNOWN_PARTICIPANT -> ErrorCode.UNKNOWN_PARTICIPANT;
      case UNKNOWN_TRACK -> ErrorCode.UNKNOWN_TRACK;
      case CONFLICT -> ErrorCode.CONFLICT;
      case INVALID_STATE -> ErrorCode.INVALID_STATE;
      case MEDIA_FAILURE -> ErrorCode.MEDIA_ERROR;
    };
  }
}
