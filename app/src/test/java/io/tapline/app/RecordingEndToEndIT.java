package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tapline.jobs.event.EventType;
import io.tapline.jobs.webhook.JdbcWebhookSubscriptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole path: a conversation and a token from the REST API, a plain-RTP sender that joins and
 * publishes through signaling, a recording started and stopped through REST, and the recording
 * directory with its segments, manifest and event log; the stop launches the finalize batch job,
 * which makes the recording available with its track file and composition stored; the grid MP4
 * is then downloaded through the presigned URL the recording's GET hands out and checked with
 * ffprobe (skipped without it).
 */
class RecordingEndToEndIT extends AppTestSupport {
  @Autowired JdbcWebhookSubscriptions subscriptions;

  @Test
  void recordsWhatAPlainRtpSenderPublishes() throws Exception {
    List<String> ready = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      ready.add(new String(ex.getRequestBody().readAllBytes()));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    try {
      recordAndFinalize(ready, receiver.getAddress().getPort());
    } finally {
      receiver.stop(0);
    }
  }

  private void recordAndFinalize(List<String> ready, int hookPort) throws Exception {
    String key = newKey("e2e");
    subscriptions.create("e2e", URI.create("http://127.0.0.1:" + hookPort + "/hook"),
        Set.of(EventType.RECORDING_READY));
    String conv = createConversation(key, "End to end");
    String token = issueToken(key, conv, "alice", "publisher");

    try (WsClient ws = new WsClient("ws://127.0.0.1:" + port + "/signaling");
        DatagramChannel rtp = DatagramChannel.open()) {
      ws.send("{\"type\":\"join\",\"id\":\"1\",\"version\":1,\"conversationId\":\"" + conv
          + "\",\"token\":\"" + token + "\"}");
      ws.await("joined");
      ws.send("{\"type\":\"publish\",\"id\":\"2\",\"track\":{\"trackId\":\"alice-mic\",\"kind\":\"audio\","
          + "\"source\":\"microphone\",\"codec\":\"opus\",\"payloadType\":111,\"clockRate\":48000,\"channels\":2}}");
      JsonNode published = ws.await("published");
      InetSocketAddress target = new InetSocketAddress(published.get("rtp").get("host").asText(),
          published.get("rtp").get("port").asInt());

      AtomicBoolean sending = new AtomicBoolean(true);
      AtomicInteger sent = new AtomicInteger();
      Thread sender = new Thread(() -> sendOpus(rtp, target, sending, sent), "rtp-sender");
      sender.start();
      try {
        Thread.sleep(300);
        Response started = post("/api/v1/conversations/" + conv + "/recordings", key, null);
        assertEquals(201, started.status(), started.body());
        String recordingId = started.json().get("recordingId").asText();
        Thread.sleep(2500); // more than two 1 s segments
        Response stopped = post("/api/v1/recordings/" + recordingId + "/stop", key, null);
        assertEquals(200, stopped.status(), stopped.body());
        assertEquals("stopped", stopped.json().get("status").asText());

        Path dir = DATA_DIR.resolve("recordings").resolve(conv).resolve(recordingId);
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(recordingId, manifest.get("recordingId").asText());
        assertEquals(1, manifest.get("tracks").size(), manifest.toString());
        JsonNode track = manifest.get("tracks").get(0);
        assertEquals("alice-mic", track.get("trackId").asText(), track.toString());
        assertTrue(track.get("segments").size() >= 2, "segments rolled every second: " + track);
        try (Stream<Path> files = Files.list(dir.resolve("tracks").resolve("alice-mic"))) {
          List<Path> segments = files.filter(p -> p.toString().endsWith(".tseg")).toList();
          assertEquals(track.get("segments").size(), segments.size());
          for (Path s : segments) {
            assertTrue(Files.size(s) > 0, s + " is empty");
          }
        }
        List<String> events = Files.readAllLines(dir.resolve("events.jsonl"));
        assertTrue(events.stream().anyMatch(e -> e.contains("PARTICIPANT_JOINED") && e.contains("alice")),
            "the join is in the event log: " + events);
        assertTrue(events.stream().anyMatch(e -> e.contains("RECORDING_STOPPED")), events.toString());
        assertFalse(sent.get() < 50, "the sender ran: " + sent.get());

        // The stop launched the finalize batch job: the recording becomes available (bounded wait),
        // with its composition stored in the (embedded) object store.
        JsonNode got = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
          Response r = get("/api/v1/recordings/" + recordingId, key);
          assertEquals(200, r.status(), r.body());
          got = r.json();
          String status = got.get("status").asText();
          String job = got.path("finalization").path("status").asText();
          // AVAILABLE comes in publishReady; the job is COMPLETED after its cleanup step.
          if (!status.equals("stopped") && !status.equals("processing")
              && !job.isEmpty() && !job.equals("STARTING") && !job.equals("STARTED")) {
            break;
          }
          Thread.sleep(250);
        }
        assertEquals("available", got.get("status").asText(), got.toString());
        assertEquals("COMPLETED", got.get("finalization").get("status").asText(), got.toString());
        assertEquals("cleanup", got.get("finalization").get("step").asText(), got.toString());
        try (Stream<Path> stored = Files.walk(DATA_DIR.resolve("s3"))) {
          List<String> names = stored.map(Path::toString).filter(n -> n.contains(recordingId)).toList();
          assertTrue(names.stream().anyMatch(n -> n.endsWith(".mp4")), "a composition is stored: " + names);
          assertTrue(names.stream().anyMatch(n -> n.endsWith("alice-mic.ogg")), "the track file is stored: " + names);
        }
        // The recording's GET lists its files with presigned URLs; a plain HTTP client (no key)
        // fetches the grid MP4, which is what the index says it is and what ffprobe calls H.264/AAC.
        JsonNode composition = got.get("compositions").get(0);
        assertEquals("grid", composition.get("layout").asText(), got.toString());
        JsonNode file = composition.get("file");
        Path mp4 = DATA_DIR.resolve("downloaded-" + recordingId + ".mp4");
        HttpResponse<Path> fetched = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(file.get("url").asText())).GET().build(),
            HttpResponse.BodyHandlers.ofFile(mp4));
        assertEquals(200, fetched.statusCode());
        assertEquals(file.get("size").asLong(), Files.size(mp4));
        assertEquals(file.get("sha256").asText(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(mp4))));
        JsonNode trackFile = got.get("tracks").get(0).get("file");
        assertTrue(trackFile.get("url").asText().contains("alice-mic.ogg"), got.toString());
        if (ffprobeInstalled()) {
          JsonNode probe = Ffprobe.probe(mp4);
          assertEquals("h264", Ffprobe.stream(probe, "video").get("codec_name").asText(), probe.toString());
          assertEquals(1280, Ffprobe.stream(probe, "video").get("width").asInt());
          assertEquals("aac", Ffprobe.stream(probe, "audio").get("codec_name").asText(), probe.toString());
          double recorded = (manifestAfter(dir).get("stoppedMicros").asLong()
              - manifestAfter(dir).get("startedMicros").asLong()) / 1e6;
          // the composite covers the recording, to a frame and an audio packet
          assertEquals(recorded, Ffprobe.duration(probe), 0.1, probe.toString());
        }
        // A URL whose signature was tampered with is refused by the object store.
        String url = file.get("url").asText();
        int sig = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        String forged = url.substring(0, sig) + (url.charAt(sig) == '0' ? '1' : '0') + url.substring(sig + 1);
        assertEquals(403, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(forged)).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode());

        // recording.ready reaches the application that owns the conversation.
        long hookDeadline = System.nanoTime() + 20_000_000_000L;
        while (ready.isEmpty() && System.nanoTime() < hookDeadline) {
          Thread.sleep(100);
        }
        assertEquals(1, ready.size(), ready.toString());
        assertTrue(ready.get(0).contains("recording.ready") && ready.get(0).contains(recordingId), ready.get(0));
      } finally {
        sending.set(false);
        sender.join(5000);
      }
    }
  }

  private static JsonNode manifestAfter(Path dir) throws java.io.IOException {
    return JSON.readTree(dir.resolve("manifest.json").toFile());
  }

  private static boolean ffprobeInstalled() {
    try {
      Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException | InterruptedException e) {
      return false;
    }
  }

  /** Opus silence frames (a valid 20 ms CELT packet, so the compositor's decoder takes it) every 20 ms. */
  private static void sendOpus(DatagramChannel ch, InetSocketAddress to, AtomicBoolean sending, AtomicInteger sent) {
    int seq = 1000;
    long ts = 90_000;
    try {
      while (sending.get()) {
        ByteBuffer b = ByteBuffer.allocate(12 + 3);
        b.put((byte) 0x80).put((byte) 111).putShort((short) seq++).putInt((int) ts).putInt(0x1234abcd);
        b.put((byte) 0xf8).put((byte) 0xff).put((byte) 0xfe);
        b.flip();
        ch.send(b, to);
        sent.incrementAndGet();
        ts += 960;
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
