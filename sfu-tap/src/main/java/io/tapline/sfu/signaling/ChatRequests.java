package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.sfu.auth.Permission;
import io.tapline.sfu.signaling.SignalingConnection.Membership;
import java.util.Map;

/** {@code chat}: to everyone else in the conversation, or to one participant. Not recorded. */
final class ChatRequests {
  private final ConnectionDirectory directory;
  private final Messages messages;
  private final int maxChars;

  ChatRequests(ConnectionDirectory directory, Messages messages, int maxChars) {
    this.directory = directory;
    this.messages = messages;
    this.maxChars = maxChars;
  }

  void chat(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Permissions.require(m, Permission.CHAT, "send chat messages");
    String text = request.fields().text("text");
    if (text.isEmpty() || text.length() > maxChars) {
      throw request.fields().invalid("text", "must be 1 to " + maxChars + " characters");
    }
    String to = request.fields().optionalText("to");
    ObjectNode message = messages.message("chat").put("from", m.participantId());
    if (m.claims().displayName() != null) {
      message.put("fromName", m.claims().displayName());
    }
    message.put("text", text);
    if (to != null) {
      SignalingConnection recipient = directory.get(m.conversationId(), to);
      if (recipient == null) {
        throw new SignalingException(ErrorCode.UNKNOWN_PARTICIPANT, "no participant " + to + " in this conversation");
      }
      message.put("to", to);
      recipient.send(message);
    } else {
      for (Map.Entry<String, SignalingConnection> e : directory.members(m.conversationId()).entrySet()) {
        if (!e.getKey().equals(m.participantId())) {
          e.getValue().send(message);
        }
      }
    }
    connection.send(messages.answer("ok", request.id()));
  }
}
