package io.tapline.sfu.webrtc.session;

import io.tapline.sfu.media.SimulcastStreams;
import java.util.Map;

/**
 * One m-section of a publisher's offer that Tapline accepted as a track: what the browser will
 * send on it after the answer.
 *
 * @param mid the section's mid (RFC 8843)
 * @param kind {@code audio} or {@code video}
 * @param ssrc the primary SSRC the browser announced ({@code a=ssrc}, the first of an FID group), or
 *     null when it announced none (routed by the mid header extension, learned on the first packet)
 *     and for a simulcast section, whose SSRCs are learned from the rid header extension
 * @param payloadType the payload type it sends with: the answer's first non-RTX format
 * @param codec encoding name, clock rate, channels (null for video) and fmtp of that payload type
 * @param extmap header extensions both sides agreed on, id to URI
 * @param msidTrack the browser's track id from {@code a=msid}, or null
 * @param simulcast the layers the answer accepted ({@code a=simulcast:recv}), or null
 */
public record PublishedSection(String mid, String kind, Long ssrc, int payloadType, String codec, int clockRate,
    Integer channels, String fmtp, Map<Integer, String> extmap, String msidTrack,
    SimulcastStreams simulcast) {
  public PublishedSection {
    extmap = Map.copyOf(extmap);
  }

  /** The agreed id of the mid header extension (RFC 8843 section 15), or -1. */
  public int midExtensionId() {
    return extmap.entrySet().stream().filter(e -> e.getValue().equals(io.tapline.pipeline.rtp.ext.ExtensionMap.MID))
        .mapToInt(Map.Entry::getKey).findFirst().orElse(-1);
  }
}
