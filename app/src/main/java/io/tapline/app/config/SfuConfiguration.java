package io.tapline.app.config;

import io.tapline.sfu.webrtc.transport.PeerNetworks;
import io.tapline.sfu.webrtc.tcp.IceTcpConfig;
import io.tapline.sfu.webrtc.transport.WebRtcConfig;
import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.app.live.TokenSecrets;
import io.tapline.sfu.auth.TokenIssuer;
import io.tapline.sfu.auth.TokenVerifier;
import io.tapline.sfu.conversation.ConversationConfig;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.ExecutorTaskScheduler;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.forward.MediaPlaneConfig;
import io.tapline.sfu.forward.UdpMediaPlane;
import io.tapline.sfu.tap.TapConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the live side: media plane and tap, conversations, recordings, join tokens. */
@Configuration(proxyBeanMethods = false)
public class SfuConfiguration {

  @Bean(destroyMethod = "close")
  UdpMediaPlane mediaPlane(TaplineProperties p, MeterRegistry meters) throws UnknownHostException {
    TaplineProperties.Media m = p.media();
    MediaPlaneConfig d = MediaPlaneConfig.defaults();
    InetAddress bind = InetAddress.getByName(m.bindAddress());
    InetAddress advertised = m.advertisedAddress() == null || m.advertisedAddress().isBlank()
        ? null : InetAddress.getByName(m.advertisedAddress());
    MediaPlaneConfig config = new MediaPlaneConfig(bind, advertised, m.minPort(), m.maxPort(), m.ioThreads(),
        d.tick(), d.streamTimeout(), d.keyframeMinInterval(), d.packetCacheSize(), d.socketBufferBytes(),
        d.speaker(), m.ioSpin(), d.simulcast());
    return new UdpMediaPlane(config, TapConfig.defaults().withSegmentDuration(m.segmentDuration()), meters);
  }

  /** The shared WebRTC port on the media plane's connection loop; absent when disabled. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "tapline.webrtc.enabled", havingValue = "true", matchIfMissing = true)
  WebRtcTransport webRtcTransport(TaplineProperties p, UdpMediaPlane media, MeterRegistry meters)
      throws UnknownHostException {
    TaplineProperties.WebRtc w = p.webrtc();
    InetAddress advertised = w.advertisedAddress() == null || w.advertisedAddress().isBlank()
        ? null : InetAddress.getByName(w.advertisedAddress());
    WebRtcConfig config = new WebRtcConfig(InetAddress.getByName(w.bindAddress()), w.port(), advertised,
        w.consentTimeout(), w.handshakeTimeout(), w.iceServers(), PeerNetworks.parse(w.peerNetworks()),
        new IceTcpConfig(w.tcpPort(), w.tcpMaxConnections(), w.tcpIdleTimeout(), w.tcpSendQueue()));
    return new WebRtcTransport(config, media.connectionLoop(), meters);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService conversationTimers() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "conversation-timers");
      t.setDaemon(true);
      return t;
    });
  }

  @Bean
  ConversationRegistry conversationRegistry(
      UdpMediaPlane media, TaplineProperties p, Clock clock, ScheduledExecutorService conversationTimers,
      MeterRegistry meters) {
    return new ConversationRegistry(media, new ConversationConfig(p.conversations().emptyGrace()), clock,
        new ExecutorTaskScheduler(conversationTimers), meters);
  }

  @Bean
  RecordingController recordingController(
      ConversationRegistry registry, UdpMediaPlane media, TaplineProperties p) {
    return new RecordingController(registry, media, p.recordingsDir());
  }

  @Bean
  TokenKeys tokenKeys(TaplineProperties p, Clock clock) {
    byte[] secret = TokenSecrets.resolve(p.tokens().secret(), p.dataDir());
    return new TokenKeys(new TokenIssuer(secret, clock), new TokenVerifier(secret, clock));
  }

  /** Issuer and verifier sharing one secret. */
  public record TokenKeys(TokenIssuer issuer, TokenVerifier verifier) {}
}
