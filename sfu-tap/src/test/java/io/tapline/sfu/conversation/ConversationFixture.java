package io.tapline.sfu.conversation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.testing.FakeClock;
import io.tapline.sfu.testing.ManualScheduler;
import io.tapline.sfu.testing.RecordingMediaPlane;
import io.tapline.sfu.testing.RecordingTap;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A registry over in-memory doubles, with every listener callback written down. */
final class ConversationFixture {
  final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T10:00:00Z"));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final RecordingMediaPlane media = new RecordingMediaPlane();
  final RecordingTap tap = new RecordingTap();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final ConversationRegistry registry =
      new ConversationRegistry(media, ConversationConfig.defaults(), clock, scheduler, meters);
  final RecordingController recordings = new RecordingController(registry, tap, Path.of("/rec"), new Ids());
  final List<String> heard = new CopyOnWriteArrayList<>();

  ConversationFixture() {
    registry.addListener(new ConversationListener() {
      @Override
      public void conversationStarted(String conversationId) {
        heard.add("started " + conversationId);
      }

      @Override
      public void conversationEnded(String conversationId, EndReason reason) {
        heard.add("ended " + conversationId + " " + reason);
      }

      @Override
      public void participantJoined(String conversationId, Participant participant) {
        heard.add("joined " + conversationId + " " + participant.id());
      }

      @Override
      public void participantLeft(String conversationId, Participant participant, LeaveReason reason) {
        heard.add("left " + conversationId + " " + participant.id() + " " + reason);
      }

      @Override
      public void recordingStarted(String conversationId, RecordingStatus recording) {
        heard.add("recording-started " + conversationId + " " + recording.recordingId());
      }

      @Override
      public void recordingPaused(String conversationId, RecordingStatus recording) {
        heard.add("recording-paused " + conversationId);
      }

      @Override
      public void recordingResumed(String conversationId, RecordingStatus recording) {
        heard.add("recording-resumed " + conversationId);
      }

      @Override
      public void recordingStopped(String conversationId, RecordingStatus recording) {
        heard.add("recording-stopped " + conversationId + " " + recording.state());
      }
    });
  }

  static TrackSpec audio(String conversationId, String participantId, String trackId) {
    return new TrackSpec(conversationId, participantId, null, trackId, "audio", "microphone", "opus", 111, 48000, 2,
        null, Map.of(), null);
  }

  static TrackSpec video(String conversationId, String participantId, String trackId, String source) {
    return new TrackSpec(conversationId, participantId, null, trackId, "video", source, "VP8", 96, 90000, null, null,
        Map.of(1, "urn:ietf:params:rtp-hdrext:sdes:mid"), 1234L);
  }

  /** rec-1, rec-2, ... */
  static final class Ids implements java.util.function.Supplier<String> {
    private int next = 1;

    @Override
    public synchronized String get() {
      return "rec-" + next++;
    }
  }
}
