package io.tapline.sfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapline.sfu.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sessions of one conversation working at once, while others join, drop and end conversations. */
class SignalingConcurrencyTest {
  final SignalingFixture f = new SignalingFixture();

  @Test
  void concurrentSessionsNeitherDeadlockNorLoseState() throws Exception {
    List<TestClient> publishers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      publishers.add(f.joined("c1", "p" + i, Role.MODERATOR));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> work = new ArrayList<>();
    for (int i = 0; i < publishers.size(); i++) {
      TestClient c = publishers.get(i);
      String me = "p" + i;
      work.add(pool.submit(() -> {
        for (int n = 0; n < 30; n++) {
          String track = me + "-" + n;
          c.sendRaw(TestClient.q(SignalingFixture.publishAudio(track).replace("{'type'", "{'id':'x','type'")));
          c.sendRaw(TestClient.q("{'type':'mute','trackId':'" + track + "'}"));
          c.sendRaw(TestClient.q("{'type':'chat','text':'n" + n + "'}"));
          c.sendRaw(TestClient.q("{'type':'unpublish','trackId':'" + track + "'}"));
        }
        return null;
      }));
    }
    // Meanwhile other participants come and go, and a second conversation lives and ends.
    work.add(pool.submit(() -> {
      for (int n = 0; n < 20; n++) {
        TestClient guest = f.joined("c1", "guest", Role.SUBSCRIBER);
        guest.disconnect();
        TestClient other = f.joined("c2", "solo", Role.PUBLISHER);
        other.sendRaw(TestClient.q(SignalingFixture.publishAudio("s")));
        f.registry.end("c2", io.tapline.sfu.conversation.EndReason.ENDED_BY_APPLICATION);
        other.disconnect();
      }
      return null;
    }));
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "deadlock");
    for (Future<?> w : work) {
      w.get();
    }

    assertEquals(3, f.registry.require("c1").snapshot().participants().size());
    assertTrue(f.registry.require("c1").snapshot().tracks().isEmpty());
    for (TestClient c : publishers) {
      List<JsonNode> got = c.unread();
      assertTrue(got.stream().noneMatch(m -> m.path("type").asText().equals("error")),
          got.stream().filter(m -> m.path("type").asText().equals("error")).findFirst().map(Object::toString)
              .orElse(""));
      assertEquals(30 * 2, got.stream().filter(m -> m.path("type").asText().equals("chat")).count());
      c.assertUsable();
    }
    assertTrue(f.registry.find("c2").isEmpty());
  }
}
