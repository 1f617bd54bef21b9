package io.tapline.sfu.signaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Sessions open, messages in by type, errors by code. */
final class SignalingMetrics {
  /** Types outside the protocol are counted under one tag so clients cannot grow the tag set. */
  static final String OTHER_TYPE = "other";

  private final MeterRegistry meters;
  private final Set<String> knownTypes;
  private final AtomicInteger sessions = new AtomicInteger();

  SignalingMetrics(MeterRegistry meters, Set<String> knownTypes) {
    this.meters = meters;
    this.knownTypes = Set.copyOf(knownTypes);
    Gauge.builder("tapline.signaling.sessions", sessions, AtomicInteger::get)
        .description("Open signaling sessions")
        .register(meters);
  }

  void sessionOpened() {
    sessions.incrementAndGet();
  }

  void sessionClosed() {
    sessions.decrementAndGet();
  }

  void messageIn(String type) {
    String tag = type != null && knownTypes.contains(type) ? type : OTHER_TYPE;
    Counter.builder("tapline.signaling.messages.in").tag("type", tag).register(meters).increment();
  }

  void error(ErrorCode code) {
    Counter.builder("tapline.signaling.errors").tag("code", code.wireName()).register(meters).increment();
  }
}
