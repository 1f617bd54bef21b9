package io.tapline.app.config;

import io.tapline.sfu.webrtc.transport.WebRtcTransport;
import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.app.auth.OwnershipRepository;
import io.tapline.app.live.TokenOwnership;
import io.tapline.app.signaling.SignalingWebSocketHandler;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.RecordingController;
import io.tapline.sfu.signaling.SignalingConfig;
import io.tapline.sfu.signaling.SignalingHandler;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Binds the signaling protocol (docs/signaling.md) to a WebSocket path. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class SignalingConfiguration implements WebSocketConfigurer {
  private final TaplineProperties properties;
  private final SignalingWebSocketHandler handler;

  SignalingConfiguration(
      TaplineProperties properties,
      SfuConfiguration.TokenKeys tokens,
      ConversationRegistry registry,
      RecordingController recordings,
      MeterRegistry meters,
      ExecutorService signalingSends,
      ObjectProvider<WebRtcTransport> webrtc,
      OwnershipRepository owners,
      Clock clock) {
    this.properties = properties;
    int max = (int) properties.signaling().maxMessageSize().toBytes();
    SignalingHandler signaling = new SignalingHandler(
        new SignalingConfig(max, SignalingConfig.DEFAULT_MAX_CHAT_CHARS), tokens.verifier(), registry, recordings,
        meters, webrtc.getIfAvailable(), new TokenOwnership(owners, clock));
    this.handler = new SignalingWebSocketHandler(
        signaling, signalingSends, properties.signaling().sendQueueLimit());
  }

  /** Writes queued signaling messages to sockets, off the conversation locks. */
  @Bean(destroyMethod = "shutdownNow")
  static ExecutorService signalingSends() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "signaling-send");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    // Browsers connect from the application's own origin; joining needs a signed token anyway.
    registry.addHandler(handler, properties.signaling().path()).setAllowedOriginPatterns("*");
  }

  /** Larger frames than the signaling limit are refused by the container, before any parsing. */
  @Bean
  ServletServerContainerFactoryBean webSocketContainer(TaplineProperties p) {
    ServletServerContainerFactoryBean c = new ServletServerContainerFactoryBean();
    int max = (int) p.signaling().maxMessageSize().toBytes();
    c.setMaxTextMessageBufferSize(max + 1024);
    return c;
  }
}
