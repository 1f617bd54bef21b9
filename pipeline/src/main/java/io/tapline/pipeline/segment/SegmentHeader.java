package io.tapline.pipeline.segment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON header of a segment file: everything needed to interpret its packets without any other
 * file. Unknown fields are ignored on read so that later versions can add some.
 *
 * @param recordingId the recording this segment belongs to
 * @param conversationId the conversation recorded
 * @param participantId who published the track
 * @param trackId the track, unique within the conversation
 * @param kind {@code audio} or {@code video}
 * @param source {@code camera}, {@code microphone}, {@code screen} (or another free-form word)
 * @param codec encoding name as in SDP rtpmap ({@code VP8}, {@code VP9}, {@code H264}, {@code AV1},
 *     {@code opus})
 * @param payloadType RTP payload type of the media packets
 * @param clockRate RTP clock rate, Hz
 * @param channels audio channels (null for video)
 * @param fmtp SDP format parameters, may be null
 * @param extmap negotiated header extension ids and URIs (RFC 8285), may be empty
 * @param ssrc the media SSRC
 * @param segmentIndex 0-based position of this segment in its track
 * @param firstPacketMicros wall-clock arrival time of the first record (epoch microseconds), null
 *     for a segment closed without packets
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SegmentHeader(
    String recordingId,
    String conversationId,
    String participantId,
    String trackId,
    String kind,
    String source,
    String codec,
    int payloadType,
    int clockRate,
    Integer channels,
    String fmtp,
    Map<Integer, String> extmap,
    long ssrc,
    int segmentIndex,
    Long firstPacketMicros) {

  public SegmentHeader {
    Objects.requireNonNull(trackId, "trackId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(codec, "codec");
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payloadType out of range: " + payloadType);
    }
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
    }
    extmap = extmap == null ? Map.of() : Map.copyOf(extmap);
  }

  /** The same header with the first packet's arrival time set. */
  public SegmentHeader withFirstPacketMicros(long micros) {
    return new SegmentHeader(
        recordingId, conversationId, participantId, trackId, kind, source, codec, payloadType,
        clockRate, channels, fmtp, extmap, ssrc, segmentIndex, micros);
  }

  /** The same header for the next segment of the track. */
  public SegmentHeader withSegmentIndex(int index) {
    return new SegmentHeader(
        recordingId, conversationId, participantId, trackId, kind, source, codec, payloadType,
        clockRate, channels, fmtp, extmap, ssrc, index, null);
  }

  @JsonIgnore // derived from kind: not a field of the file format
  public boolean isVideo() {
    return "video".equals(kind);
  }
}
