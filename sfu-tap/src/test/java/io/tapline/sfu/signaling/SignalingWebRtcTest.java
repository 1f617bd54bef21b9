package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.auth.TokenIssuer;
import io.tapline.sfu.auth.TokenVerifier;
import io.tapline.sfu.conversation.ConversationConfig;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.ExecutorTaskScheduler;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.webrtc.sdp.SdpParser;
import io.tapline.sfu.webrtc.sdp.SessionDescription;
import io.tapline.sfu.webrtc.session.PublishOffersTest;
import io.tapline.sfu.webrtc.transport.WebRtcConfig;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebRTC messages of the protocol over the real media plane and WebRTC transport (no media):
 * a publish offer answered and turned into tracks, WebRTC subscriptions renegotiated as tracks
 * come and go, one subscriber offer outstanding at a time, and bad input refused.
 */
class SignalingWebRtcTest {
  static final byte[] SECRET = "webrtc-signaling-secret-0123456789abcd".getBytes(StandardCharsets.US_ASCII);
  static final ObjectMapper JSON = new ObjectMapper();

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final UdpMediaPlane plane =
      new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), TapConfig.defaults(), meters);
  final WebRtcTransport transport = new WebRtcTransport(
      new WebRtcConfig(java.net.InetAddress.getLoopbackAddress(), 0, null, Duration.ofSeconds(30),
          Duration.ofSeconds(10), List.of("stun:stun.example.org:3478")),
      plane.connectionLoop(), meters);
  final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  final ConversationRegistry registry = new ConversationRegistry(
      plane, ConversationConfig.defaults(), Clock.systemUTC(), new ExecutorTaskScheduler(timers), meters);
  final TokenIssuer issuer = new TokenIssuer(SECRET, Clock.systemUTC());
  final SignalingHandler handler = new SignalingHandler(SignalingConfig.defaults(),
      new TokenVerifier(SECRET, Clock.systemUTC()), registry,
      new RecordingController(registry, plane, Path.of("/nonexistent")), meters, transport);

  @AfterEach
  void close() {
    transport.close();
    plane.close();
    timers.shutdownNow();
  }

  @Test
  void publishOfferSubscriberOffersAndRenegotiation() throws Exception {
    TestClient alice = new TestClient(handler);
    JsonNode joined = alice.ok(join("alice", Role.PUBLISHER));
    assertEquals("stun:stun.example.org:3478", joined.path("webrtc").path("iceServers").path(0).path("urls").path(0).asText());
    TestClient bob = new TestClient(handler);
    bob.ok(join("bob", Role.SUBSCRIBER));
    alice.unread();

    JsonNode answer = alice.ok(offer(PublishOffersTest.OFFER, "[{'mid':'1','source':'screen'}]"));
    assertEquals("answer", answer.path("type").asText());
    SessionDescription sdp = SdpParser.parse(answer.path("sdp").asText());
    assertTrue(sdp.attributes().has("ice-lite"));
    assertEquals(transport.localAddress().getPort(), sdp.media().get(0).port());
    assertEquals("alice-microphone-0", answer.path("tracks").path(0).path("trackId").asText());
    assertEquals("screen", answer.path("tracks").path(1).path("source").asText());
    String screen = answer.path("tracks").path(1).path("trackId").asText();
    assertEquals(List.of("track-published", "track-published"), bob.unreadTypes());

    // bob subscribes over WebRTC twice; the second change waits for the answer to the first offer
    List<JsonNode> out = send(bob, "{'type':'subscribe','trackId':'alice-microphone-0'}");
    assertEquals(List.of("ok", "subscriber-offer"), types(out));
    JsonNode first = out.get(1);
    assertEquals(List.of("ok"), types(send(bob, "{'type':'subscribe','trackId':'" + screen + "','nack':true}")),
        "no second offer while the first is outstanding");
    out = send(bob, "{'type':'subscriber-answer','sdp':'" + answerTo(first) + "'}");
    assertEquals(List.of("ok", "subscriber-offer"), types(out));
    JsonNode second = out.get(1);
    assertEquals(2, second.path("tracks").size());
    assertEquals(screen, second.path("tracks").path(1).path("trackId").asText());
    SessionDescription offer = SdpParser.parse(second.path("sdp").asText());
    assertEquals(List.of("0", "1"), offer.attributes().bundle().orElseThrow());
    // the screen (video) gets NACK and an RTX payload type no section uses; the microphone none
    List<Integer> videoPts = offer.media().get(1).payloadTypes();
    assertEquals(2, videoPts.size(), "primary and RTX: " + videoPts);
    int rtxPt = videoPts.get(1);
    assertFalse(offer.media().get(0).payloadTypes().contains(rtxPt));
    assertEquals("rtx", offer.media().get(1).attributes().rtpMap(rtxPt).orElseThrow().encoding());
    assertTrue(second.path("sdp").asText().contains("a=fmtp:" + rtxPt + " apt=" + videoPts.get(0) + "\r\n"));
    assertTrue(second.path("sdp").asText().contains("a=ssrc-group:FID "));
    assertEquals(1, offer.media().get(0).payloadTypes().size(), "no RTX for audio");
    assertEquals(List.of("ok"), types(send(bob, "{'type':'subscriber-answer','sdp':'" + answerTo(second) + "'}")));

    // alice stops sending the screen (a new offer with that section inactive): bob's section goes inactive
    alice.ok(offer(PublishOffersTest.OFFER.replace("a=sendonly\r\na=msid:s1 v1", "a=inactive\r\na=msid:s1 v1"), "[]"));
    out = bob.unread();
    assertEquals(List.of("track-unpublished", "subscriber-offer"), types(out).stream()
        .filter(t -> !t.equals("ok")).toList());
    JsonNode third = out.stream().filter(m -> m.path("type").asText().equals("subscriber-offer")).findFirst()
        .orElseThrow();
    assertFalse(third.path("tracks").path(1).path("active").asBoolean());
    assertTrue(third.path("sdp").asText().contains("a=inactive"));
    assertEquals(videoPts, SdpParser.parse(third.path("sdp").asText()).media().get(1).payloadTypes(),
        "RTX payload type kept across renegotiations");
    assertEquals(List.of("ok"), types(send(bob, "{'type':'subscriber-answer','sdp':'" + answerTo(third) + "'}")));

    // bad input is refused and changes nothing
    alice.assertError("bad-message", "{'type':'offer','sdp':'v=0 nonsense'}");
    String stillInactive = PublishOffersTest.OFFER.replace("a=sendonly\r\na=msid:s1 v1", "a=inactive\r\na=msid:s1 v1");
    // a new a=fingerprint would need a new DTLS association: refused
    alice.assertError("bad-message", offer(stillInactive.replace("12:".repeat(31) + "12", "34:".repeat(31) + "34"), "[]"));

    // an ICE restart (new ice-ufrag, RFC 8445 section 9): new credentials in the answer, the tracks stay
    String ufragBefore = SdpParser.parse(answer.path("sdp").asText()).media().get(0).attributes().iceUfrag().orElseThrow();
    JsonNode restarted = alice.ok(offer(stillInactive.replace("a=ice-ufrag:Qh7b", "a=ice-ufrag:Zz9y"), "[]"));
    String ufragAfter = SdpParser.parse(restarted.path("sdp").asText()).media().get(0).attributes().iceUfrag()
        .orElseThrow();
    assertFalse(ufragAfter.equals(ufragBefore), ufragBefore + " -> " + ufragAfter);
    assertEquals("alice-microphone-0", restarted.path("tracks").path(0).path("trackId").asText());
    assertTrue(bob.unread().stream().noneMatch(m -> m.path("type").asText().startsWith("track-")),
        "nothing was unpublished or republished");
    // bob restarts ICE on his subscribe connection: a new subscriber-offer with new credentials
    String subUfragBefore = SdpParser.parse(third.path("sdp").asText()).media().get(0).attributes().iceUfrag()
        .orElseThrow();
    List<JsonNode> restart = send(bob, "{'type':'subscriber-restart'}");
    assertEquals(List.of("ok", "subscriber-offer"), types(restart));
    String subUfragAfter = SdpParser.parse(restart.get(1).path("sdp").asText()).media().get(0).attributes()
        .iceUfrag().orElseThrow();
    assertFalse(subUfragAfter.equals(subUfragBefore));
    assertEquals(List.of("ok"), types(send(bob, "{'type':'subscriber-answer','sdp':'" + answerTo(restart.get(1)) + "'}")));
    alice.assertError("invalid-state", "{'type':'subscriber-restart'}");
    bob.assertError("forbidden", offer(PublishOffersTest.OFFER, "[]"));
    bob.assertError("invalid-state", "{'type':'subscriber-answer','sdp':'" + answerTo(restart.get(1)) + "'}");
    assertEquals(2, transport.connections());
    alice.disconnect();
    bob.disconnect();
    assertEquals(0, transport.connections(), "connections close with their sessions");
  }

  /** Sends a request and returns everything the server sent since (its answer and what followed). */
  private static List<JsonNode> send(TestClient c, String body) {
    c.unread();
    String q = TestClient.q(body).trim();
    c.sendRaw("{\"id\":\"x\"," + q.substring(1));
    return c.unread();
  }

  private static List<String> types(List<JsonNode> messages) {
    return messages.stream().map(m -> m.path("type").asText()).toList();
  }

  private String join(String participant, Role role) {
    String token = issuer.issue("c1", participant, participant, role, Duration.ofMinutes(10));
    return "{'type':'join','version':1,'conversationId':'c1','token':'" + token + "'}";
  }

  /** An offer request; the SDP is JSON-escaped (it holds CRLFs). */
  private static String offer(String sdp, String tracks) throws Exception {
    return "{'type':'offer','sdp':" + JSON.writeValueAsString(sdp).replace('"', '\'') + ",'tracks':" + tracks + "}";
  }

  /** A browser-shaped answer to a subscriber offer: active DTLS role, our own fingerprint. */
  private static String answerTo(JsonNode offer) throws Exception {
    String sdp = offer.path("sdp").asText()
        .replace("a=ice-lite\r\n", "")
        .replace("a=setup:actpass", "a=setup:active")
        .replace("a=sendonly", "a=recvonly")
        .replaceAll("a=fingerprint:sha-256 [0-9A-F:]+", "a=fingerprint:sha-256 " + "CD:".repeat(31) + "CD");
    return JSON.writeValueAsString(sdp).replace("\"", "");
  }
}
