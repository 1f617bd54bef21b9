package io.tapline.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's signaling connection (docs/signaling.md) on the JDK's WebSocket client:
 * requests carry an id and wait for the answer with that id; events the server sends on its own
 * are logged at debug level.
 */
final class SignalingClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignalingClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

  private final String who;
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final WebSocket socket;

  private SignalingClient(String who, URI url) throws IOException, InterruptedException {
    this.who = who;
    try {
      this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(url, new Listener()).get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot open the signaling WebSocket " + url + ": " + e.getMessage(), e);
    }
  }

  static SignalingClient connect(String who, URI url) throws IOException, InterruptedException {
    return new SignalingClient(who, url);
  }

  /**
   * Sends {@code message} (its {@code type} and fields) with a fresh id and returns the answer.
   *
   * @throws IOException when the server answers {@code error}, or nothing within 15 s
   */
  JsonNode request(ObjectNode message) throws IOException, InterruptedException {
    String id = Integer.toString(ids.incrementAndGet());
    message.put("id", id);
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(message.toString(), true).join();
    JsonNode got;
    try {
      got = answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException(who + ": signaling closed while waiting for the answer to "
          + message.path("type").asText(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(who + ": no answer to " + message.path("type").asText() + " within "
          + ANSWER_TIMEOUT.toSeconds() + " s");
    } finally {
      pending.remove(id);
    }
    if ("error".equals(got.path("type").asText())) {
      throw new IOException(who + ": " + message.path("type").asText() + " refused: "
          + got.path("code").asText() + ": " + got.path("message").asText());
    }
    return got;
  }

  static ObjectNode message(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.debug("{}: close handshake did not complete", who, e);
      }
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode m = JSON.readTree(text);
          CompletableFuture<JsonNode> waiting = m.hasNonNull("id") ? pending.get(m.get("id").asText()) : null;
          if (waiting != null) {
            waiting.complete(m);
          } else {
            log.debug("{} <- {}", who, text);
          }
        } catch (IOException e) {
          log.warn("{}: unreadable signaling message dropped: {}", who, e.getMessage());
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      IOException closed = new IOException("closed " + statusCode + " " + reason);
      pending.values().forEach(f -> f.completeExceptionally(closed));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}
