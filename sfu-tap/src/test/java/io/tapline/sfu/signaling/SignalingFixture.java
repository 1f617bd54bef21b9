package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.auth.TokenIssuer;
import io.tapline.sfu.auth.TokenVerifier;
import io.tapline.sfu.conversation.ConversationConfig;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.testing.FakeClock;
import io.tapline.sfu.testing.ManualScheduler;
import io.tapline.sfu.testing.RecordingMediaPlane;
import io.tapline.sfu.testing.RecordingTap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The signaling stack over in-memory doubles of the media plane and the tap. */
final class SignalingFixture {
  static final byte[] SECRET = "signaling-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T10:00:00Z"));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final RecordingMediaPlane media = new RecordingMediaPlane();
  final RecordingTap tap = new RecordingTap();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final ConversationRegistry registry =
      new ConversationRegistry(media, ConversationConfig.defaults(), clock, scheduler, meters);
  final RecordingController recordings = new RecordingController(registry, tap, Path.of("/recordings"));
  final TokenIssuer issuer = new TokenIssuer(SECRET, clock);
  final SignalingHandler handler;

  SignalingFixture() {
    this(SignalingConfig.defaults());
  }

  SignalingFixture(SignalingConfig config) {
    handler = new SignalingHandler(config, new TokenVerifier(SECRET, clock), registry, recordings, meters);
  }

  String token(String conversationId, String participantId, Role role) {
    return issuer.issue(conversationId, participantId, participantId.toUpperCase(), role, Duration.ofMinutes(10));
  }

  TestClient client() {
    return new TestClient(handler);
  }

  /** A client that joined; the joined answer is checked and consumed. */
  TestClient joined(String conversationId, String participantId, Role role) {
    TestClient c = client();
    JsonNode joined = c.ok("{'type':'join','version':1,'conversationId':'" + conversationId + "','token':'"
        + token(conversationId, participantId, role) + "'}");
    assertEquals("joined", joined.path("type").asText());
    assertEquals(participantId, joined.path("participantId").asText());
    return c;
  }

  double counter(String name, String tag, String value) {
    var c = meters.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  static String publishAudio(String trackId) {
    return "{'type':'publish','track':{'trackId':'" + trackId
        + "','kind':'audio','source':'microphone','codec':'opus','payloadType':111,'clockRate':48000,'channels':2}}";
  }

  static String publishScreen(String trackId) {
    return "{'type':'publish','track':{'trackId':'" + trackId
        + "','kind':'video','source':'screen','codec':'VP8','payloadType':96,'clockRate':90000}}";
  }
}
