package io.tapline.storage.retention;

import io.tapline.storage.KeyLayout;
import io.tapline.storage.index.ConversationRepository;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.RecordingStatus;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.object.ObjectStore;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes recordings and conversations whose retention ({@code retain_until}) has passed: marks
 * the row PURGING, deletes every object under its key prefix (and any indexed object elsewhere),
 * then deletes the row, whose foreign keys cascade to tracks, segments, compositions and files.
 * Objects go before rows, so a crash leaves a PURGING row that the next run finishes; deleting an
 * object already gone is not an error, so a re-run is always safe.
 */
public final class RetentionPurger {
  private static final int BATCH = 100;
  private final ObjectStore objects;
  private final ConversationRepository conversations;
  private final RecordingRepository recordings;
  private final Clock clock;

  public RetentionPurger(ObjectStore objects, ConversationRepository conversations,
      RecordingRepository recordings, Clock clock) {
    this.objects = objects;
    this.conversations = conversations;
    this.recordings = recordings;
    this.clock = clock;
  }

  /** What one run removed. */
  public record Report(int recordings, int conversations, int objects) {}

  public Report purgeExpired() {
    Instant now = clock.instant();
    int recs = 0;
    int convs = 0;
    int objs = 0;
    for (var batch = recordings.expired(now, BATCH); !batch.isEmpty();
        batch = recordings.expired(now, BATCH)) {
      for (Recording r : batch) {
        objs += purgeRecording(r);
        recs++;
      }
    }
    for (var batch = conversations.expired(now, BATCH); !batch.isEmpty();
        batch = conversations.expired(now, BATCH)) {
      for (String id : batch) {
        conversations.changeStatus(id, ConversationStatus.PURGING, "retention expired", now);
        objs += objects.deletePrefix(KeyLayout.conversation(id));
        conversations.delete(id);
        convs++;
      }
    }
    return new Report(recs, convs, objs);
  }

  private int purgeRecording(Recording r) {
    if (r.status() != RecordingStatus.PURGING) {
      recordings.changeStatus(r.id(), RecordingStatus.PURGING, clock.instant());
    }
    String prefix = KeyLayout.recording(r.conversationId(), r.id());
    int n = 0;
    for (StoredRef ref : recordings.objects(r.id())) {
      if (!ref.key().startsWith(prefix)) {
        objects.delete(ref.key());
        n++;
      }
    }
    n += objects.deletePrefix(prefix);
    recordings.delete(r.id());
    return n;
  }
}
