package io.tapline.pipeline.segment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON settings of segment headers, shared by writer and reader so both agree. One configured
 * mapper: ObjectMapper is thread-safe once configured and costly to build per segment.
 */
final class SegmentJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private SegmentJson() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
