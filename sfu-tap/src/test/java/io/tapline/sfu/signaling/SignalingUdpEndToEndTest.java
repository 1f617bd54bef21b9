package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.pipeline.manifest.EventLog;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.pipeline.rtp.RtpPacket;
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
import io.tapline.sfu.testing.Await;
import io.tapline.sfu.testing.RtpBuilder;
import io.tapline.sfu.testing.UdpPeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol over the real plain RTP/UDP media plane and tap: a publisher told by signaling where
 * to send, a real UDP sender, a real subscriber, a mute, and the recording's event log on disk.
 */
class SignalingUdpEndToEndTest {
  static final byte[] SECRET = "end-to-end-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path recordings;

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final UdpMediaPlane plane =
      new UdpMediaPlane(MediaPlaneConfig.defaults().withIoThreads(1), TapConfig.defaults(), meters);
  final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  final ConversationRegistry registry = new ConversationRegistry(
      plane, ConversationConfig.defaults(), Clock.systemUTC(), new ExecutorTaskScheduler(timers), meters);
  final TokenIssuer issuer = new TokenIssuer(SECRET, Clock.systemUTC());
  final List<UdpPeer> peers = new ArrayList<>();
  SignalingHandler handler;

  @AfterEach
  void close() throws Exception {
    plane.close();
    timers.shutdownNow();
    for (UdpPeer p : peers) {
      p.close();
    }
  }

  @Test
  void publishSubscribeMuteAndRecordOverUdp() throws Exception {
    RecordingController controller = new RecordingController(registry, plane, recordings);
    handler = new SignalingHandler(SignalingConfig.defaults(), new TokenVerifier(SECRET, Clock.systemUTC()), registry,
        controller, meters);
    TestClient alice = join("alice", Role.PUBLISHER);
    TestClient bob = join("bob", Role.SUBSCRIBER);
    TestClient mod = join("mod", Role.MODERATOR);

    JsonNode published = alice.ok(SignalingFixture.publishAudio("a-mic"));
    InetSocketAddress rtpTarget = new InetSocketAddress(
        published.path("rtp").path("host").asText(), published.path("rtp").path("port").asInt());
    UdpPeer subscriber = peer();
    bob.ok("{'type':'subscribe','trackId':'a-mic','rtp':{'host':'127.0.0.1','port':"
        + subscriber.address().getPort() + "}}");
    String recordingId = mod.ok("{'type':'recording','action':'start'}").path("recording").path("recordingId").asText();

    UdpPeer sender = peer();
    for (int i = 0; i < 20; i++) {
      sender.send(new RtpBuilder().pt(111).seq(100 + i).ts(960L * i).ssrc(0x5EED).build(), rtpTarget);
    }
    List<RtpPacket> got = new ArrayList<>();
    for (UdpPeer.Datagram d : subscriber.receive(20, Await.TIMEOUT_MILLIS)) {
      got.add(RtpPacket.parse(d.data()));
    }
    assertEquals(20, got.size());
    assertTrue(subscriber.drain(50).isEmpty(), "one copy of each");
    assertEquals(111, got.get(0).payloadType());

    alice.ok("{'type':'mute','trackId':'a-mic'}");
    for (int i = 20; i < 30; i++) {
      sender.send(new RtpBuilder().pt(111).seq(100 + i).ts(960L * i).ssrc(0x5EED).build(), rtpTarget);
    }
    assertEquals(List.of(), subscriber.drain(200), "a muted track is not forwarded");

    mod.ok("{'type':'recording','action':'stop'}");
    RecordingDirectory dir = new RecordingDirectory(recordings.resolve("c1").resolve(recordingId));
    List<String> events = new ArrayList<>();
    for (ManifestEvent e : EventLog.read(dir.eventsFile()).events()) {
      events.add(e.type() + (e.participantId() == null ? "" : " " + e.participantId()));
    }
    assertEquals(List.of("RECORDING_STARTED", "PARTICIPANT_JOINED alice", "PARTICIPANT_JOINED bob",
        "PARTICIPANT_JOINED mod", "TRACK_PUBLISHED alice", "TRACK_MUTED alice", "RECORDING_STOPPED"), events);
    assertTrue(dir.manifestFile().toFile().isFile());
  }

  private TestClient join(String participantId, Role role) {
    TestClient c = new TestClient(handler);
    c.ok("{'type':'join','version':1,'conversationId':'c1','token':'"
        + issuer.issue("c1", participantId, null, role, Duration.ofMinutes(5)) + "'}");
    return c;
  }

  private UdpPeer peer() throws Exception {
    UdpPeer p = new UdpPeer();
    peers.add(p);
    return p;
  }
}
