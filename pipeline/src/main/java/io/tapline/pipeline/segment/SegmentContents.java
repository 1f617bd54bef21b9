package io.tapline.pipeline.segment;

import java.util.List;

/**
 * A whole segment file read into memory.
 *
 * @param header null when the file was cut inside its header
 */
public record SegmentContents(SegmentHeader header, List<SegmentRecord> records, SegmentTail tail) {}
