package io.tapline.jobs.batch;

import io.tapline.jobs.batch.fixture.RecordingFixtureBuilder;
import io.tapline.pipeline.manifest.EventType;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Small real recordings for the batch tests. */
final class BatchFixtures {
  private BatchFixtures() {}

  /**
   * Three participants (VP8 camera + Opus microphone each, 160x90 at 15 fps), {@code seconds}
   * long, segments rolled every 2 s, with a speaker change: what the tap writes to {@code
   * recordingsDir/recordingId}.
   */
  static RecordingDirectory threeParticipants(Path recordingsDir, String recordingId,
      String conversationId, double seconds) throws IOException {
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(recordingsDir.resolve(recordingId))
        .ids(recordingId, conversationId).duration(seconds).segmentSeconds(2);
    b.participant("alice", "Alice").video(160, 90, 15).color(81, 90, 240).tone(440);
    b.participant("bob", "Bob").video(160, 90, 15).color(145, 54, 34).tone(550);
    b.participant("carol", "Carol").video(160, 90, 15).color(41, 240, 110).tone(660);
    b.event(1.0, EventType.ACTIVE_SPEAKER_CHANGED, "bob", "bob-mic", Map.of());
    return b.build();
  }

  /** The conversation row a recording needs, with the app's configuration JSON. */
  static void conversation(IndexDatabase index, String conversationId, String configuration) {
    index.conversations().save(conversationId, "Test " + conversationId,
        ConversationStatus.ENDED, null, null, configuration, Instant.now());
  }
}
