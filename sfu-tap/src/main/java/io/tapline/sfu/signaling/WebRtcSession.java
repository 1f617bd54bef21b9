package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.session.RtxPayloadTypes;
import io.tapline.sfu.webrtc.session.SubscriberOffer;
import io.tapline.sfu.webrtc.transport.WebRtcPeer;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The WebRTC side of one signaling session: the publish connection (the client offers, we
 * answer) and the subscribe connection (we offer, renegotiating as tracks come and go; the client
 * answers). At most one offer of ours is outstanding; changes while it is out are sent in the
 * next one, after the answer. Thread-safe: the session's own requests and other sessions' events
 * (a track unpublished) both reach it.
 */
final class WebRtcSession {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebRtcTransport transport;
  private final SignalingConnection connection;
  private final Messages messages;
  private final String label;
  private WebRtcPeer publisher;
  private final Map<String, String> publishedByMid = new LinkedHashMap<>(); // mid -> trackId
  private WebRtcPeer subscriber;
  private final List<SubscriberOffer.Section> sections = new ArrayList<>();
  private final Set<Long> usedSsrcs = new HashSet<>();
  private final RtxPayloadTypes rtxPayloadTypes = new RtxPayloadTypes();
  private final long subscriberSessionId = RANDOM.nextLong() & Long.MAX_VALUE;
  private final long publisherSessionId = RANDOM.nextLong() & Long.MAX_VALUE;
  private long offerVersion = 1;
  private boolean awaitingAnswer;
  private boolean changed;
  private boolean closed;

  WebRtcSession(WebRtcTransport transport, SignalingConnection connection, Messages messages, String label) {
    this.transport = transport;
    this.connection = connection;
    this.messages = messages;
    this.label = label;
  }

  WebRtcTransport transport() {
    return transport;
  }

  private String publisherUfrag;

  /**
   * The publish connection, made on the first offer. A later offer with another ice-ufrag is an
   * ICE restart ({@link #restartsPublisherIce}, {@link #restartPublisherIce}).
   */
  synchronized WebRtcPeer publisher(String remoteUfrag) {
    if (publisher == null) {
      publisherUfrag = remoteUfrag;
      publisher = transport.createPeer(label + "/pub", remoteUfrag);
      publisher.onStateChange(s -> state("publish", s));
    }
    return publisher;
  }

  /** Whether an offer with this ice-ufrag restarts ICE on the existing publish connection. */
  synchronized boolean restartsPublisherIce(String remoteUfrag) {
    return publisher != null && !publisherUfrag.equals(remoteUfrag);
  }

  /**
   * ICE restart of the publish connection (RFC 8445 section 9), once the offer was found good:
   * our new credentials (already in the answer) take over; DTLS, SRTP and tracks stay.
   */
  synchronized void restartPublisherIce(String remoteUfrag, IceCredentials local) {
    publisher.restartIce(remoteUfrag, local);
    publisherUfrag = remoteUfrag;
  }

  long publisherSessionId() {
    return publisherSessionId;
  }

  synchronized Map<String, String> publishedByMid() {
    return publishedByMid;
  }

  synchronized WebRtcPeer subscriber() {
    if (subscriber == null) {
      subscriber = transport.createPeer(label + "/sub", null);
      subscriber.onStateChange(s -> state("subscribe", s));
    }
    return subscriber;
  }

  /** A fresh SSRC for a track sent on the subscribe connection. */
  synchronized long newSsrc() {
    long ssrc;
    do {
      ssrc = 1 + (RANDOM.nextLong() & 0xffffffffL) % 0xfffffffeL;
    } while (!usedSsrcs.add(ssrc));
    return ssrc;
  }

  /**
   * The RTX stream of a video track about to be added (its own SSRC, and a payload type free in the
   * connection's BUNDLE payload-type space), or null: audio gets no retransmissions, nor does a
   * track whose primary payload type is already one of our RTX payload types (it would mean two
   * things on one transport).
   */
  synchronized SubscribeOptions.Rtx rtxFor(TrackSpec track) {
    if (!track.isVideo() || rtxPayloadTypes.isRtx(track.payloadType())) {
      return null;
    }
    Set<Integer> primaries = new HashSet<>();
    sections.forEach(s -> primaries.add(s.track().payloadType()));
    primaries.add(track.payloadType());
    return new SubscribeOptions.Rtx(newSsrc(), rtxPayloadTypes.rtxFor(track.payloadType(), primaries));
  }

  synchronized void added(TrackSpec track, long ssrc, SubscribeOptions.Rtx rtx) {
    sections.add(new SubscriberOffer.Section(Integer.toString(sections.size()), track, ssrc, true, rtx));
    renegotiate();
  }

  /** The track is no longer sent to this subscriber (unsubscribed or unpublished). */
  synchronized void removed(String trackId) {
    boolean any = false;
    for (int i = 0; i < sections.size(); i++) {
      SubscriberOffer.Section s = sections.get(i);
      if (s.active() && s.track().trackId().equals(trackId)) {
        sections.set(i, s.withActive(false));
        any = true;
      }
    }
    if (any) {
      renegotiate();
    }
  }

  synchronized void answered(String fingerprint) {
    if (!awaitingAnswer) {
      throw new SignalingException(ErrorCode.INVALID_STATE, "no subscriber offer is waiting for an answer");
    }
    subscriber.setRemoteFingerprint(fingerprint);
    awaitingAnswer = false;
  }

  /**
   * The client asks for an ICE restart of its subscribe connection ({@code subscriber-restart}):
   * new local credentials, sent in a new offer at once or, while one is outstanding, in the next.
   */
  synchronized boolean hasSubscriber() {
    return subscriber != null && !sections.isEmpty() && !closed;
  }

  synchronized void restartSubscriber() {
    subscriber.restartIce(null, IceCredentials.random());
    renegotiate();
  }

  /** Sends the offer for changes made while the last one was out, if any (after answering the client). */
  synchronized void sendPending() {
    if (changed) {
      renegotiate();
    }
  }

  private void renegotiate() {
    if (closed || sections.isEmpty()) {
      return;
    }
    if (awaitingAnswer) {
      changed = true;
      return;
    }
    changed = false;
    awaitingAnswer = true;
    WebRtcPeer peer = subscriber();
    String sdp = SubscriberOffer.write(subscriberSessionId, offerVersion++, peer.localCredentials(),
        transport.certificate().fingerprint(), transport.candidates(), sections);
    ObjectNode m = messages.message("subscriber-offer").put("sdp", sdp);
    ArrayNode tracks = m.putArray("tracks");
    for (SubscriberOffer.Section s : sections) {
      tracks.addObject().put("mid", s.mid()).put("trackId", s.track().trackId())
          .put("participantId", s.track().participantId()).put("kind", s.track().kind())
          .put("source", s.track().source()).put("active", s.active());
    }
    connection.send(m);
  }

  private void state(String which, WebRtcPeer.State state) {
    connection.send(messages.message("connection-state").put("connection", which)
        .put("state", state.name().toLowerCase(java.util.Locale.ROOT)));
  }

  synchronized void close() {
    closed = true;
    if (publisher != null) {
      publisher.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }
}
