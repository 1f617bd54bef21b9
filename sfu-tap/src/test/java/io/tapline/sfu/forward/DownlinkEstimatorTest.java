package io.tapline.sfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DownlinkEstimatorTest {
  static final long S = 1_000_000_000L;
  final SimulcastConfig config = SimulcastConfig.defaults();
  final DownlinkEstimator e = new DownlinkEstimator(config);
  long now;

  /** Sends at {@code bps} for {@code seconds} (100 packets a second). */
  void send(long bps, double seconds) {
    int packets = (int) (seconds * 100);
    for (int i = 0; i < packets; i++) {
      e.sent((int) (bps / 8 / 100), now);
      now += S / 100;
    }
  }

  @Test
  void startsAtTheStartBitrateAndGrowsWithoutLoss() {
    assertEquals(config.startBitrate(), e.estimate());
    for (int i = 0; i < 10; i++) {
      send(500_000, 1);
      e.receiverReport(0, now);
    }
    // 9 intervals of one second at 8 %/s (the first report only starts the clock)
    assertEquals(config.startBitrate() * Math.pow(1.08, 9), e.estimate(), 1_000);
  }

  @Test
  void heavyLossCutsToTheRateThatGotThroughAndModerateLossHolds() {
    send(2_000_000, 2);
    e.receiverReport(0.3, now);
    long cut = e.estimate();
    assertEquals(1_000_000 * 0.85, cut, 60_000, "min(estimate 1M, sent 2M) x (1 - 0.3 / 2)");
    send(800_000, 1);
    e.receiverReport(0.05, now);
    assertEquals(cut, e.estimate(), "between lossLow and lossHigh the estimate holds");
  }

  @Test
  void aRembBelowWhatWeSendCapsTheEstimateAndOneAboveIsNoNews() {
    send(900_000, 2);
    e.remb(5_000_000, now);
    assertEquals(config.startBitrate(), e.estimate(), "a REMB above the send rate says nothing about headroom");
    e.remb(400_000, now);
    assertEquals(400_000, e.estimate());
    send(380_000, 1);
    e.receiverReport(0, now);
    assertTrue(e.estimate() <= 400_000 * 1.09, "the loss-based value was capped too: " + e.estimate());
  }

  @Test
  void aRembThatLagsBehindAnUpSwitchIsNoNewsButOneThatFallsIs() {
    send(200_000, 3);
    e.remb(310_000, now); // libwebrtc: at most 1.5 x the 200 kbit/s it receives
    send(400_000, 1); // an up-switch doubles what we send, with the new layer's keyframe
    e.remb(320_000, now);
    send(400_000, 1);
    e.remb(345_000, now); // grows ~8 %/s towards 1.5 x its new incoming rate
    assertEquals(config.startBitrate(), e.estimate(), "a REMB that grows is catching up, not congestion");
    send(400_000, 1);
    e.remb(300_000, now); // overuse: 0.85 x what got through
    assertEquals(300_000, e.estimate());
    send(300_000, 1);
    e.remb(310_000, now);
    assertEquals(300_000, e.estimate(), "the cap stays until the loss-based value grows again");
  }

  @Test
  void staysWithinItsBounds() {
    for (int i = 0; i < 20; i++) {
      send(200_000, 1);
      e.receiverReport(0.9, now);
    }
    assertEquals(config.minBitrate(), e.estimate());
    for (int i = 0; i < 200; i++) {
      send(200_000, 1);
      e.receiverReport(0, now);
    }
    assertEquals(config.maxBitrate(), e.estimate());
  }
}
