package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.sfu.auth.Permission;
import io.tapline.sfu.conversation.Conversation;
import io.tapline.sfu.conversation.ConversationException;
import io.tapline.sfu.conversation.Track;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.signaling.SignalingConnection.Membership;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.sdp.AnswerOptions;
import io.tapline.sfu.webrtc.sdp.Fingerprint;
import io.tapline.sfu.webrtc.sdp.MediaDescription;
import io.tapline.sfu.webrtc.sdp.SdpAnswerer;
import io.tapline.sfu.webrtc.sdp.SdpParser;
import io.tapline.sfu.webrtc.sdp.SdpWriter;
import io.tapline.sfu.webrtc.sdp.SessionDescription;
import io.tapline.sfu.webrtc.session.PublishOffers;
import io.tapline.sfu.webrtc.session.PublishedSection;
import io.tapline.sfu.webrtc.transport.WebRtcPeer;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebRTC over signaling (docs/signaling.md): {@code offer} (the client's publish connection; we
 * answer as an ICE-lite, BUNDLE-only SFU and publish one track per sending section),
 * {@code subscribe} without {@code rtp} (the track is added to the client's subscribe connection
 * and we send a {@code subscriber-offer}), {@code subscriber-answer}.
 */
final class WebRtcRequests {
  private static final Logger log = LoggerFactory.getLogger(WebRtcRequests.class);
  private static final Pattern TRACK_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final List<String> SOURCES = List.of("camera", "microphone", "screen");

  private final WebRtcTransport transport;
  private final Messages messages;

  WebRtcRequests(WebRtcTransport transport, Messages messages) {
    this.transport = transport;
    this.messages = messages;
  }

  /** {@code webrtc} in {@code joined}: the ICE servers clients should configure. */
  ObjectNode joinedInfo() {
    ObjectNode o = messages.message("webrtc");
    o.remove("type");
    ArrayNode servers = o.putArray("iceServers");
    if (!transport.config().iceServers().isEmpty()) {
      ArrayNode urls = servers.addObject().putArray("urls");
      transport.config().iceServers().forEach(urls::add);
    }
    return o;
  }

  void offer(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Permissions.require(m, Permission.PUBLISH, "publish tracks");
    SessionDescription offer = parse(request.fields().text("sdp"), "sdp");
    Map<String, Fields> requested = new HashMap<>();
    for (Fields t : request.fields().objects("tracks")) {
      requested.put(t.text("mid"), t);
    }
    WebRtcSession session = session(connection);
    String ufrag = offer.attributes().iceUfrag()
        .or(() -> offer.media().stream().map(md -> md.attributes().iceUfrag()).flatMap(Optional::stream).findFirst())
        .orElseThrow(() -> new SignalingException(ErrorCode.BAD_MESSAGE, "field 'sdp' has no a=ice-ufrag"));
    String fingerprint = fingerprint(offer);
    WebRtcPeer peer = session.publisher(ufrag);
    boolean iceRestart = session.restartsPublisherIce(ufrag);
    IceCredentials local = iceRestart ? IceCredentials.random() : peer.localCredentials();
    SessionDescription answer = new SdpAnswerer(new AnswerOptions(local,
        parseFingerprint(transport.certificate().fingerprint()), transport.candidates(), false, false,
        session.publisherSessionId())).answer(offer);
    List<PublishedSection> sending;
    try {
      sending = PublishOffers.sections(offer, answer);
    } catch (IllegalArgumentException e) {
      throw new SignalingException(ErrorCode.BAD_MESSAGE, "field 'sdp': " + e.getMessage());
    }
    try {
      peer.setRemoteFingerprint(fingerprint);
    } catch (IllegalArgumentException e) {
      throw new SignalingException(ErrorCode.BAD_MESSAGE, "field 'sdp': " + e.getMessage());
    }
    if (iceRestart) {
      session.restartPublisherIce(ufrag, local);
    }
    Conversation conversation = m.conversation();
    Map<String, String> published = session.publishedByMid();
    List<String> added = new ArrayList<>();
    ObjectNode reply = messages.answer("answer", request.id()).put("sdp", SdpWriter.write(answer));
    ArrayNode tracks = reply.putArray("tracks");
    try {
      for (PublishedSection s : sending) {
        String trackId = published.get(s.mid());
        if (trackId == null) {
          TrackSpec spec = spec(m, s, requested.get(s.mid()));
          if (s.ssrc() == null && s.simulcast() == null) { // simulcast layers are routed by mid + rid
            peer.expectByMid(spec.trackId(), s.mid(), s.midExtensionId());
          }
          conversation.publish(spec, peer);
          published.put(s.mid(), spec.trackId());
          added.add(s.mid());
          trackId = spec.trackId();
        }
        Track t = conversation.track(trackId);
        tracks.addObject().put("mid", s.mid()).put("trackId", trackId).put("kind", s.kind())
            .put("source", t == null ? null : t.spec().source());
      }
    } catch (RuntimeException e) {
      for (String mid : added) { // all or nothing
        unpublishQuietly(conversation, published.remove(mid), m.participantId());
      }
      throw e;
    }
    List<String> stillSending = sending.stream().map(PublishedSection::mid).toList();
    for (String mid : List.copyOf(published.keySet())) {
      if (!stillSending.contains(mid)) {
        unpublishQuietly(conversation, published.remove(mid), m.participantId());
      }
    }
    connection.send(reply);
    log.info("Session {}: publish offer answered, {} track(s) ({} new)", connection.id(), sending.size(), added.size());
  }

  void subscribe(SignalingConnection connection, Request request) {
    Membership m = connection.membership();
    Permissions.require(m, Permission.SUBSCRIBE, "subscribe to tracks");
    String trackId = request.fields().text("trackId");
    Track track = m.conversation().track(trackId);
    if (track == null) {
      throw new ConversationException(ConversationException.Failure.UNKNOWN_TRACK,
          "no track " + trackId + " in conversation " + m.conversationId());
    }
    WebRtcSession session = session(connection);
    WebRtcPeer peer = session.subscriber();
    long ssrc = session.newSsrc();
    // RTX only for a client that asks (nack: true), as for plain-RTP subscribers
    SubscribeOptions.Rtx rtx = request.fields().bool("nack", false) ? session.rtxFor(track.spec()) : null;
    m.conversation().subscribe(m.participantId(), trackId, SubscribeOptions.over(peer, ssrc, rtx));
    connection.send(messages.answer("ok", request.id()));
    session.added(track.spec(), ssrc, rtx);
  }

  void subscriberAnswer(SignalingConnection connection, Request request) {
    SessionDescription answer = parse(request.fields().text("sdp"), "sdp");
    WebRtcSession session = connection.webrtc();
    if (session == null) {
      throw new SignalingException(ErrorCode.INVALID_STATE, "no subscriber offer was sent to this session");
    }
    session.answered(fingerprint(answer));
    connection.send(messages.answer("ok", request.id()));
    session.sendPending();
  }

  /** {@code subscriber-restart}: an ICE restart of the subscribe connection; a new subscriber-offer follows. */
  void subscriberRestart(SignalingConnection connection, Request request) {
    WebRtcSession session = connection.webrtc();
    if (session == null || !session.hasSubscriber()) {
      throw new SignalingException(ErrorCode.INVALID_STATE,
          "no subscribe connection in this session: subscribe to a track first");
    }
    connection.send(messages.answer("ok", request.id()));
    session.restartSubscriber();
  }

  private WebRtcSession session(SignalingConnection connection) {
    WebRtcSession s = connection.webrtc();
    if (s == null) {
      s = new WebRtcSession(transport, connection, messages, connection.membership().participantId());
      connection.webrtc(s);
    }
    return s;
  }

  private static TrackSpec spec(Membership m, PublishedSection s, Fields requested) {
    String source = s.kind().equals("audio") ? "microphone" : "camera";
    String trackId = null;
    if (requested != null) {
      String wanted = requested.optionalText("source");
      if (wanted != null) {
        if (!SOURCES.contains(wanted) || (wanted.equals("microphone") != s.kind().equals("audio")
            && !wanted.equals("screen"))) {
          throw requested.invalid("source", "must be camera (video), microphone (audio) or screen");
        }
        source = wanted;
      }
      trackId = requested.optionalText("trackId");
      if (trackId != null && !TRACK_ID.matcher(trackId).matches()) {
        throw requested.invalid("trackId", "must match [A-Za-z0-9._-]{1,64}");
      }
    }
    if (trackId == null) {
      String p = m.participantId();
      trackId = (p.length() > 48 ? p.substring(0, 48) : p) + "-" + source + "-" + s.mid();
      if (!TRACK_ID.matcher(trackId).matches()) {
        trackId = p.substring(0, Math.min(p.length(), 48)) + "-m" + Math.abs(s.mid().hashCode());
      }
    }
    return new TrackSpec(m.conversationId(), m.participantId(), m.claims().displayName(), trackId, s.kind(),
        source, s.codec(), s.payloadType(), s.clockRate(), s.channels(), s.fmtp(), s.extmap(), s.ssrc(),
        s.simulcast());
  }

  private static void unpublishQuietly(Conversation c, String trackId, String actor) {
    if (trackId == null) {
      return;
    }
    try {
      c.unpublish(trackId, actor);
    } catch (ConversationException e) {
      log.debug("unpublish {}: {}", trackId, e.getMessage());
    }
  }

  private static SessionDescription parse(String sdp, String field) {
    try {
      return SdpParser.parse(sdp);
    } catch (MalformedPacketException e) {
      throw new SignalingException(ErrorCode.BAD_MESSAGE,
          "field '" + field + "' is not a valid SDP (" + e.reason() + "): " + e.getMessage());
    }
  }

  private static String fingerprint(SessionDescription sd) {
    List<Fingerprint> all = new ArrayList<>(sd.attributes().fingerprints());
    for (MediaDescription md : sd.media()) {
      all.addAll(md.attributes().fingerprints());
    }
    return all.stream().filter(Fingerprint::isSha256).findFirst()
        .map(f -> f.hashFunction() + " " + f.value())
        .orElseThrow(() -> new SignalingException(ErrorCode.BAD_MESSAGE, "field 'sdp' has no sha-256 a=fingerprint"));
  }

  private static Fingerprint parseFingerprint(String value) {
    try {
      return Fingerprint.parse(value);
    } catch (MalformedPacketException e) {
      throw new IllegalStateException("our own fingerprint does not parse: " + value, e);
    }
  }
}
