package io.tapline.sfu.signaling;

import io.tapline.sfu.auth.Permission;
import io.tapline.sfu.conversation.Conversation;
import io.tapline.sfu.conversation.ConversationException;
import io.tapline.sfu.conversation.Track;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.signaling.SignalingConnection.Membership;

/** {@code publish}, {@code unpublish}, {@code subscribe}, {@code unsubscribe}, {@code mute}, {@code unmute}. */
final class TrackRequests {
  private final Messages messages;

  TrackRequests(Messages messages) {
    this.messages = messages;
  }

  void publish(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Permissions.require(m, Permission.PUBLISH, "publish tracks");
    TrackSpec spec = TrackSpecParser.track(
        request.fields().object("track"), m.conversationId(), m.participantId(), m.claims().displayName());
    PublishEndpoint endpoint = m.conversation().publish(spec);
    var answer = messages.answer("published", request.id()).put("trackId", spec.trackId());
    answer.set("rtp", messages.address(endpoint.rtp()));
    answer.set("rtcp", messages.address(endpoint.rtcp() != null ? endpoint.rtcp() : endpoint.rtp()));
    connection.send(answer);
  }

  /** The owner, or a moderator for someone else's track. */
  void unpublish(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Track track = track(m, request.fields().text("trackId"));
    if (!track.participantId().equals(m.participantId())) {
      Permissions.require(m, Permission.MODERATE, "unpublish tracks of other participants");
    }
    m.conversation().unpublish(track.trackId(), m.participantId());
    connection.send(messages.answer("ok", request.id()));
  }

  void subscribe(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Permissions.require(m, Permission.SUBSCRIBE, "subscribe to tracks");
    String trackId = request.fields().text("trackId");
    var options = TrackSpecParser.subscribeOptions(request.fields());
    track(m, trackId);
    m.conversation().subscribe(m.participantId(), trackId, options);
    connection.send(messages.answer("ok", request.id()));
  }

  void unsubscribe(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    m.conversation().unsubscribe(m.participantId(), request.fields().text("trackId"));
    connection.send(messages.answer("ok", request.id()));
  }

  /** The owner, or a moderator for someone else's track. */
  void mute(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Track track = track(m, request.fields().text("trackId"));
    if (!track.participantId().equals(m.participantId())) {
      Permissions.require(m, Permission.MODERATE, "mute tracks of other participants");
    }
    m.conversation().setMuted(track.trackId(), true, m.participantId());
    connection.send(messages.answer("ok", request.id()));
  }

  /** Only the owner: nobody turns someone else's microphone or camera back on. */
  void unmute(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Track track = track(m, request.fields().text("trackId"));
    if (!track.participantId().equals(m.participantId())) {
      throw new SignalingException(ErrorCode.FORBIDDEN, "only the participant who published a track may unmute it");
    }
    m.conversation().setMuted(track.trackId(), false, m.participantId());
    connection.send(messages.answer("ok", request.id()));
  }

  private static Track track(Membership m, String trackId) {
    Conversation c = m.conversation();
    Track t = c.track(trackId);
    if (t == null) {
      throw new ConversationException(
          ConversationException.Failure.UNKNOWN_TRACK, "no track " + trackId + " in conversation " + c.id());
    }
    return t;
  }
}
