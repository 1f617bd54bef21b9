package io.tapline.sfu.signaling;

import io.tapline.sfu.auth.Permission;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.conversation.RecordingStatus;
import io.tapline.sfu.signaling.SignalingConnection.Membership;

/** {@code recording} with an {@code action}: start, pause, resume or stop. */
final class RecordingRequests {
  private final RecordingController recordings;
  private final Messages messages;

  RecordingRequests(RecordingController recordings, Messages messages) {
    this.recordings = recordings;
    this.messages = messages;
  }

  void recording(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Permissions.require(m, Permission.CONTROL_RECORDING, "control recordings");
    String action = request.fields().text("action");
    String conversationId = m.conversationId();
    RecordingStatus status = switch (action) {
      case "start" -> recordings.start(conversationId, m.participantId());
      case "pause" -> recordings.pause(conversationId, m.participantId());
      case "resume" -> recordings.resume(conversationId, m.participantId());
      case "stop" -> recordings.stop(conversationId, m.participantId());
      default -> throw request.fields().invalid("action", "must be one of start, pause, resume, stop");
    };
    var answer = messages.answer("ok", request.id());
    answer.set("recording", messages.recording(status));
    connection.send(answer);
  }
}
