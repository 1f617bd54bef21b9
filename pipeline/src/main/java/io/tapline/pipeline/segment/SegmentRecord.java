package io.tapline.pipeline.segment;

/**
 * One framed packet of a segment file.
 *
 * @param type RTP or RTCP
 * @param arrivalMicros when the tap received the packet, microseconds since the Unix epoch
 * @param data the packet bytes exactly as received
 * @param fileOffset where the record starts in the file
 */
public record SegmentRecord(RecordType type, long arrivalMicros, byte[] data, long fileOffset) {}
