package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyframeRequesterTest {
  static final long MS = 1_000_000;
  final List<Long> sentAt = new ArrayList<>();
  boolean publisherKnown = true;
  final KeyframeRequester requester = new KeyframeRequester(300 * MS, now -> {
    if (publisherKnown) {
      sentAt.add(now);
    }
    return publisherKnown;
  });

  @Test
  void firstGoesAtOnceAndTheRestAreMergedUntilTheIntervalEnds() {
    requester.request(0);
    requester.request(10 * MS);
    requester.request(20 * MS);
    requester.tick(100 * MS);
    requester.request(200 * MS);
    requester.tick(299 * MS);
    assertEquals(List.of(0L), sentAt);
    requester.tick(300 * MS);
    assertEquals(List.of(0L, 300 * MS), sentAt);
    assertEquals(2, requester.merged());
    requester.tick(1000 * MS);
    assertEquals(2, sentAt.size(), "nothing pending, nothing sent");
  }

  @Test
  void waitsForThePublisher() {
    publisherKnown = false;
    requester.request(0);
    requester.tick(500 * MS);
    assertTrue(requester.pending());
    publisherKnown = true;
    requester.tick(520 * MS);
    assertFalse(requester.pending());
    assertEquals(List.of(520 * MS), sentAt);
  }
}
