package io.tapline.jobs.event;

/**
 * Where events go. The webhook outbox implements it; publishing must be durable when it returns (a
 * crash afterwards loses no delivery).
 */
public interface EventPublisher {
  void publish(Event event);
}
