package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.List;

/**
 * Opus packets from RTP (RFC 7587 section 4.2): each RTP payload is exactly one Opus packet, so
 * there is nothing to assemble; every packet becomes a {@link Frame} with its duration from the
 * TOC byte ({@link Frame#durationSamples()}, at 48 kHz whatever the encoder's internal rate). Loss
 * needs no keyframe: the decoder conceals it, so gaps are only counted ({@code opus.gap}).
 *
 * <p>DTX: while a talker is silent, senders with DTX send a 1- or 2-byte packet every 400 ms or
 * so (a TOC byte and little else). These are valid; they pass through flagged {@link
 * Frame#silence()} and the gap in RTP timestamps until the next packet is silence to fill.
 */
public final class OpusDepacketizer implements Depacketizer {
  private static final int SILENCE_MAX_BYTES = 2;

  private final DropCounters drops = new DropCounters();
  private int lastSequence = -1;

  /** Whether the packet is a valid Opus packet: every Opus packet is decodable on its own. */
  public static boolean isKeyframeStart(RtpPacket packet) {
    try {
      OpusPacketDuration.samples(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
      return true;
    } catch (MalformedPacketException e) {
      return false;
    }
  }

  @Override
  public void push(RtpPacket packet, long arrivalMicros, List<Frame> out) throws MalformedPacketException {
    int seq = packet.sequenceNumber();
    if (lastSequence >= 0) {
      int delta = (seq - lastSequence) & 0xffff;
      if (delta == 0 || delta >= 0x8000) {
        drops.count("opus.duplicate");
        return;
      }
      if (delta != 1) {
        drops.count("opus.gap");
      }
    }
    lastSequence = seq;
    if (packet.payloadLength() == 0 && packet.padding()) {
      return; // padding-only: takes a sequence number, carries no audio
    }
    int samples = OpusPacketDuration.samples(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    out.add(new Frame(packet.payload(), packet.timestamp(), seq, seq, true, 0, 0, arrivalMicros, samples,
        packet.payloadLength() <= SILENCE_MAX_BYTES));
  }

  @Override
  public void flush(List<Frame> out) {
    // nothing is held back: each packet is emitted as it comes
  }

  @Override
  public void reset() {
    lastSequence = -1;
  }

  @Override
  public boolean needsKeyframe() {
    return false;
  }

  @Override
  public DropCounters drops() {
    return drops;
  }

  @Override
  public String codec() {
    return "OPUS";
  }
}
