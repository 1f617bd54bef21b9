package io.tapline.pipeline.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A closed segment of a track.
 *
 * @param index 0-based position within the track
 * @param file path relative to the recording directory, e.g. {@code tracks/a1/000000.tseg}
 * @param firstArrivalMicros arrival time of the first record
 * @param lastArrivalMicros arrival time of the last record
 * @param rtpPackets RTP records written
 * @param rtcpPackets RTCP records written
 * @param bytes size of the file
 * @param startsWithKeyframe for video, whether the first media packet starts a keyframe
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SegmentEntry(
    int index,
    String file,
    long firstArrivalMicros,
    long lastArrivalMicros,
    long rtpPackets,
    long rtcpPackets,
    long bytes,
    boolean startsWithKeyframe) {}
