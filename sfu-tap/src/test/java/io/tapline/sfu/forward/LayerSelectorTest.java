package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LayerSelectorTest {
  static final long S = 1_000_000_000L;
  final long[] rates = {150_000, 500_000, 1_800_000};
  final boolean[] all = {true, true, true};
  final LayerSelector selector = new LayerSelector(3 * S, 0.85);

  @Test
  void startsOnTheBestLayerThatFitsAndTheLowestWhenNoneDoes() {
    assertEquals(1, selector.select(1_000_000, rates, all, -1, 0));
    assertEquals(2, new LayerSelector(3 * S, 0.85).select(Long.MAX_VALUE, rates, all, -1, 0));
    assertEquals(0, new LayerSelector(3 * S, 0.85).select(50_000, rates, all, -1, 0));
    assertEquals(-1, selector.select(1_000_000, rates, new boolean[3], -1, 0));
  }

  @Test
  void goesDownAtOnceWhenTheCurrentLayerNoLongerFits() {
    assertEquals(2, selector.select(2_000_000, rates, all, 2, 0));
    assertEquals(1, selector.select(1_000_000, rates, all, 2, S / 10));
    assertEquals(0, selector.select(200_000, rates, all, 1, S / 5));
  }

  @Test
  void keepsTheCurrentLayerInTheHysteresisBand() {
    // 1.9 Mbit/s fits f (1.8) but not with the 0.85 headroom needed to go up: stay on h
    for (long t = 0; t < 10 * S; t += S / 2) {
      assertEquals(1, selector.select(1_900_000, rates, all, 1, t));
    }
    // and while on f, 1.9 Mbit/s keeps it there
    assertEquals(2, selector.select(1_900_000, rates, all, 2, 11 * S));
  }

  @Test
  void goesUpOnlyAfterTheHigherLayerFitsForTheWholeDelay() {
    long estimate = 2_500_000; // f fits with headroom
    assertEquals(1, selector.select(estimate, rates, all, 1, 0));
    assertEquals(1, selector.select(estimate, rates, all, 1, 2 * S));
    assertEquals(1, selector.select(1_000_000, rates, all, 1, 2 * S + 1), "a dip restarts the wait");
    assertEquals(1, selector.select(estimate, rates, all, 1, 3 * S));
    assertEquals(1, selector.select(estimate, rates, all, 1, 5 * S));
    assertEquals(2, selector.select(estimate, rates, all, 1, 6 * S));
  }

  @Test
  void replacesAnInactiveLayerAtOnce() {
    boolean[] topGone = {true, true, false};
    assertEquals(1, selector.select(Long.MAX_VALUE, rates, topGone, 2, 0));
    boolean[] onlyTop = {false, false, true};
    assertEquals(2, selector.select(100_000, rates, onlyTop, 0, 0), "the only layer left, even if it does not fit");
  }
}
