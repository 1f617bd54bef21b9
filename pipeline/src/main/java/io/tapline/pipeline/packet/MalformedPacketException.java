package io.tapline.pipeline.packet;

/**
 * A typed, counted rejection of bad input. Every parser in Tapline throws this (and only this) for
 * input it cannot accept, with a stable {@link #reason()} code that callers count in
 * {@link DropCounters}. It is checked on purpose: a caller cannot forget that packets from the
 * network can be garbage.
 */
public final class MalformedPacketException extends Exception {
  private final String reason;

  public MalformedPacketException(String reason, String detail) {
    super(reason + ": " + detail, null, false, false); // no stack trace: this is a hot, expected path
    this.reason = reason;
  }

  /** A stable, dotted code such as {@code rtp.truncated}, suitable as a metric tag. */
  public String reason() {
    return reason;
  }
}
