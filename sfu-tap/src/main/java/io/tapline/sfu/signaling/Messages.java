package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.sfu.conversation.ConversationSnapshot;
import io.tapline.sfu.conversation.Participant;
import io.tapline.sfu.conversation.RecordingStatus;
import io.tapline.sfu.conversation.Track;
import io.tapline.sfu.media.TrackSpec;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/** Builds the server's messages (see docs/signaling.md). */
final class Messages {
  static final int PROTOCOL_VERSION = 1;

  private final ObjectMapper json;

  Messages(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode message(String type) {
    ObjectNode m = json.createObjectNode();
    m.put("type", type);
    return m;
  }

  /** An answer to a request: echoes its id. */
  ObjectNode answer(String type, String requestId) {
    ObjectNode m = message(type);
    if (requestId != null) {
      m.put("id", requestId);
    }
    return m;
  }

  ObjectNode error(String requestId, ErrorCode code, String text) {
    ObjectNode m = answer("error", requestId);
    m.put("code", code.wireName());
    m.put("message", text);
    return m;
  }

  ObjectNode joined(String requestId, String participantId, ConversationSnapshot state, ObjectNode webrtc) {
    ObjectNode m = answer("joined", requestId);
    if (webrtc != null) {
      m.set("webrtc", webrtc.deepCopy());
    }
    m.put("version", PROTOCOL_VERSION);
    m.put("conversationId", state.conversationId());
    m.put("participantId", participantId);
    ArrayNode list = m.putArray("participants");
    for (Participant p : state.participants()) {
      ObjectNode pj = participant(p);
      ArrayNode tracks = pj.putArray("tracks");
      state.tracksOf(p.id()).forEach(t -> tracks.add(track(t)));
      list.add(pj);
    }
    if (state.recording() != null) {
      m.set("recording", recording(state.recording()));
    }
    return m;
  }

  ObjectNode participant(Participant p) {
    ObjectNode o = json.createObjectNode();
    o.put("participantId", p.id());
    if (p.displayName() != null) {
      o.put("name", p.displayName());
    }
    o.put("role", p.role().wireName());
    return o;
  }

  ObjectNode track(Track t) {
    TrackSpec s = t.spec();
    ObjectNode o = json.createObjectNode();
    o.put("trackId", s.trackId());
    o.put("participantId", s.participantId());
    o.put("kind", s.kind());
    o.put("source", s.source());
    o.put("codec", s.codec());
    o.put("payloadType", s.payloadType());
    o.put("clockRate", s.clockRate());
    if (s.channels() != null) {
      o.put("channels", s.channels());
    }
    if (s.fmtp() != null) {
      o.put("fmtp", s.fmtp());
    }
    ArrayNode ext = o.putArray("extmap");
    for (Map.Entry<Integer, String> e : s.extmap().entrySet()) {
      ext.addObject().put("id", e.getKey()).put("uri", e.getValue());
    }
    o.put("muted", t.muted());
    return o;
  }

  ObjectNode recording(RecordingStatus r) {
    ObjectNode o = json.createObjectNode();
    o.put("recordingId", r.recordingId());
    o.put("state", r.state().name().toLowerCase(Locale.ROOT));
    return o;
  }

  ObjectNode address(InetSocketAddress a) {
    ObjectNode o = json.createObjectNode();
    o.put("host", a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString());
    o.put("port", a.getPort());
    return o;
  }

  String write(ObjectNode message) {
    return message.toString();
  }
}
