package io.tapline.sfu.media;

import java.util.Map;
import java.util.Objects;

/**
 * What a publisher announced about a track through signaling.
 *
 * @param conversationId the conversation
 * @param participantId the publisher
 * @param participantName display name, may be null
 * @param trackId unique within the conversation, {@code [A-Za-z0-9._-]{1,64}}
 * @param kind {@code audio} or {@code video}
 * @param source {@code camera}, {@code microphone} or {@code screen}
 * @param codec encoding name as in SDP rtpmap ({@code VP8}, {@code H264}, {@code opus}, ...)
 * @param payloadType RTP payload type the publisher uses
 * @param clockRate RTP clock rate, Hz
 * @param channels audio channels, null for video
 * @param fmtp SDP format parameters, may be null
 * @param extmap header extension ids the publisher uses (RFC 8285), may be empty
 * @param ssrc the SSRC the publisher will send, or null to learn it from the first packet
 * @param simulcast the layers of a simulcast track (their SSRCs learned from the rid header
 *     extension), or null for a single stream
 */
public record TrackSpec(
    String conversationId,
    String participantId,
    String participantName,
    String trackId,
    String kind,
    String source,
    String codec,
    int payloadType,
    int clockRate,
    Integer channels,
    String fmtp,
    Map<Integer, String> extmap,
    Long ssrc,
    SimulcastStreams simulcast) {
  public TrackSpec {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(trackId, "trackId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(codec, "codec");
    extmap = extmap == null ? Map.of() : Map.copyOf(extmap);
  }

  /** A single-stream track. */
  public TrackSpec(String conversationId, String participantId, String participantName, String trackId, String kind,
      String source, String codec, int payloadType, int clockRate, Integer channels, String fmtp,
      Map<Integer, String> extmap, Long ssrc) {
    this(conversationId, participantId, participantName, trackId, kind, source, codec, payloadType, clockRate,
        channels, fmtp, extmap, ssrc, null);
  }

  public boolean isVideo() {
    return "video".equals(kind);
  }
}
