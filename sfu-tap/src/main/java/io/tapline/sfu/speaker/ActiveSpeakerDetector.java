package io.tapline.sfu.speaker;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the active speaker of one conversation from RFC 6464 audio levels: each participant's
 * loudness (127 - level, in dB above silence) is smoothed with a time-based exponential average;
 * the loudest participant takes the floor only when louder than the current speaker by the
 * hysteresis and after the current speaker held it for the minimum dwell time. Thread-safe (fed
 * by I/O threads, evaluated by a timer); times are nanoTime values passed in, so tests drive it.
 */
public final class ActiveSpeakerDetector {
  private final SpeakerConfig config;
  private final Map<String, Loudness> participants = new HashMap<>();
  private String speaker;
  private long speakerSinceNanos;

  private static final class Loudness {
    double smoothed;
    long lastNanos;
  }

  public ActiveSpeakerDetector(SpeakerConfig config) {
    this.config = config;
  }

  /** One audio level (0..127 -dBov) of a participant at {@code nowNanos}. */
  public synchronized void level(String participantId, int level, long nowNanos) {
    double loudness = level >= config.silenceLevel() ? 0 : 127 - level;
    Loudness l = participants.get(participantId);
    if (l == null) {
      l = new Loudness();
      l.smoothed = loudness;
      l.lastNanos = nowNanos;
      participants.put(participantId, l);
      return;
    }
    double dt = Math.max(0, nowNanos - l.lastNanos);
    double alpha = 1 - Math.exp(-dt / config.smoothing().toNanos());
    l.smoothed += alpha * (loudness - l.smoothed);
    l.lastNanos = nowNanos;
  }

  public synchronized void remove(String participantId) {
    participants.remove(participantId);
    if (participantId.equals(speaker)) {
      speaker = null;
    }
  }

  /** Chooses the speaker at {@code nowNanos}; returns the new speaker when it changed. */
  public synchronized Optional<String> evaluate(long nowNanos) {
    String loudest = null;
    double loudestValue = 0;
    for (Map.Entry<String, Loudness> e : participants.entrySet()) {
      double v = current(e.getValue(), nowNanos);
      if (v > loudestValue) {
        loudest = e.getKey();
        loudestValue = v;
      }
    }
    if (loudest == null || loudest.equals(speaker)) {
      return Optional.empty();
    }
    if (speaker != null) {
      Loudness held = participants.get(speaker);
      double heldValue = held == null ? 0 : current(held, nowNanos);
      boolean dwelt = nowNanos - speakerSinceNanos >= config.minDwell().toNanos();
      if (!dwelt || loudestValue < heldValue + config.hysteresisDb()) {
        return Optional.empty();
      }
    }
    speaker = loudest;
    speakerSinceNanos = nowNanos;
    return Optional.of(loudest);
  }

  public synchronized String speaker() {
    return speaker;
  }

  private double current(Loudness l, long nowNanos) {
    return nowNanos - l.lastNanos > config.staleAfter().toNanos() ? 0 : l.smoothed;
  }
}
