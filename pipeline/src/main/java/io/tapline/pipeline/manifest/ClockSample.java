package io.tapline.pipeline.manifest;

/**
 * One RTCP sender report of a track (RFC 3550 section 6.4.1): the sender's wall clock (NTP) and
 * the RTP timestamp that corresponds to the same instant, with the time the tap received it.
 *
 * @param ssrc the sender's SSRC
 * @param ntpMicros the NTP timestamp converted to microseconds since the Unix epoch
 * @param rtpTimestamp the 32-bit RTP timestamp of the report
 * @param arrivalMicros when the tap received the report, epoch microseconds
 */
public record ClockSample(long ssrc, long ntpMicros, long rtpTimestamp, long arrivalMicros) {}
