package io.tapline.compositor.track;

import io.tapline.pipeline.rtp.RtpPacket;

/**
 * An RTP packet with its counters extended to 64 bits.
 *
 * @param seq extended sequence number
 * @param timestamp extended RTP timestamp
 * @param arrivalMicros when the tap received it
 */
public record OrderedPacket(long seq, long timestamp, long arrivalMicros, RtpPacket packet) {}
