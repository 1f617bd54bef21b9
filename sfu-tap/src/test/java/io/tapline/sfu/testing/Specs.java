package io.tapline.sfu.testing;

import io.tapline.sfu.media.TrackSpec;
import java.util.Map;

/** Track specs for tests. */
public final class Specs {
  private Specs() {}

  public static TrackSpec audio(String conversation, String participant, String track) {
    return new TrackSpec(conversation, participant, participant, track, "audio", "microphone", "opus", 111, 48000, 2,
        null, Map.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), null);
  }

  public static TrackSpec video(String conversation, String participant, String track) {
    return new TrackSpec(conversation, participant, participant, track, "video", "camera", "VP8", 96, 90000, null,
        null, Map.of(), null);
  }

  public static TrackSpec withSsrc(TrackSpec s, long ssrc) {
    return new TrackSpec(s.conversationId(), s.participantId(), s.participantName(), s.trackId(), s.kind(), s.source(),
        s.codec(), s.payloadType(), s.clockRate(), s.channels(), s.fmtp(), s.extmap(), ssrc);
  }
}
