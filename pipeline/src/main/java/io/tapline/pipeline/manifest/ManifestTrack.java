package io.tapline.pipeline.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded track: what it is, its closed segments in order and its sender reports.
 *
 * @param trackId unique within the conversation
 * @param participantId the publisher
 * @param participantName display name of the publisher, may be null
 * @param kind {@code audio} or {@code video}
 * @param source {@code camera}, {@code microphone} or {@code screen}
 * @param codec encoding name as in SDP rtpmap
 * @param payloadType RTP payload type
 * @param clockRate RTP clock rate, Hz
 * @param channels audio channels, null for video
 * @param fmtp SDP format parameters, may be null
 * @param extmap negotiated header extensions
 * @param ssrc media SSRC
 * @param segments closed segments, in order
 * @param clock sender reports received, in arrival order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestTrack(
    String trackId,
    String participantId,
    String participantName,
    String kind,
    String source,
    String codec,
    int payloadType,
    int clockRate,
    Integer channels,
    String fmtp,
    Map<Integer, String> extmap,
    long ssrc,
    List<SegmentEntry> segments,
    List<ClockSample> clock) {

  public ManifestTrack {
    Objects.requireNonNull(trackId, "trackId");
    extmap = extmap == null ? Map.of() : Map.copyOf(extmap);
    segments = segments == null ? List.of() : List.copyOf(segments);
    clock = clock == null ? List.of() : List.copyOf(clock);
  }

  @JsonIgnore // derived from kind: not a field of the file format
  public boolean isVideo() {
    return "video".equals(kind);
  }

  /** This track with one more closed segment and the sender reports seen in it. */
  public ManifestTrack withSegment(SegmentEntry segment, List<ClockSample> reports) {
    List<SegmentEntry> s = new ArrayList<>(segments);
    s.add(segment);
    List<ClockSample> c = new ArrayList<>(clock);
    c.addAll(reports);
    return new ManifestTrack(
        trackId, participantId, participantName, kind, source, codec, payloadType, clockRate,
        channels, fmtp, extmap, ssrc, s, c);
  }
}
