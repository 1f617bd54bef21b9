package io.tapline.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tapline.app.auth.OwnershipRepository;
import io.tapline.jobs.event.Event;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.conversation.EndReason;
import io.tapline.sfu.conversation.LeaveReason;
import io.tapline.sfu.conversation.Participant;
import io.tapline.sfu.conversation.RecordingStatus;
import io.tapline.sfu.tap.TapRecording;
import io.tapline.storage.index.ConversationStatus;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import io.tapline.storage.index.PageRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationIndexerTest {
  @TempDir Path dir;
  private IndexDatabase index;
  private OwnershipRepository owners;
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
  private ConversationIndexer indexer;

  @BeforeEach
  void open() {
    index = IndexDatabase.open(IndexSettings.h2(dir));
    OwnershipRepository.migrate(index.dataSource());
    owners = new OwnershipRepository(index.dataSource());
    indexer = new ConversationIndexer(index, owners, published::add, Clock.fixed(now, ZoneOffset.UTC));
  }

  @AfterEach
  void close() throws Exception {
    indexer.close();
    index.close();
  }

  @Test
  void indexesAndPublishesToTheOwningApplication() throws Exception {
    owners.claim("standup", "acme", now);
    Participant alice = new Participant("alice", "Alice", Role.PUBLISHER, now);
    RecordingStatus rec = new RecordingStatus("rec-1", TapRecording.State.RECORDING, dir, now);
    indexer.conversationStarted("standup");
    indexer.participantJoined("standup", alice);
    indexer.recordingStarted("standup", rec);
    indexer.recordingPaused("standup", new RecordingStatus("rec-1", TapRecording.State.PAUSED, dir, now));
    indexer.recordingResumed("standup", rec);
    indexer.recordingStopped("standup", new RecordingStatus("rec-1", TapRecording.State.STOPPED, dir, now));
    indexer.participantLeft("standup", alice, LeaveReason.LEFT);
    indexer.conversationEnded("standup", EndReason.EMPTY);
    indexer.flush();

    assertEquals(List.of("conversation.started", "participant.joined", "recording.started", "recording.paused",
            "recording.resumed", "recording.stopped", "participant.left", "conversation.ended"),
        published.stream().map(e -> e.type().wireName()).toList());
    published.forEach(e -> assertEquals("acme", e.applicationId()));
    assertEquals("alice", published.get(1).data().get("participantId"));
    assertEquals("rec-1", published.get(2).data().get("recordingId"));

    assertEquals(ConversationStatus.ENDED, index.conversations().get("standup").status());
    assertNotNull(index.conversations().participants("standup").get(0).leftAt());
    assertEquals(io.tapline.storage.index.RecordingStatus.STOPPED, index.recordings().get("rec-1").status());
    assertEquals(1, index.recordings().pauses("rec-1").size());
    assertEquals(8, index.conversations().events("standup", PageRequest.first(50)).total());
    assertEquals("{\"applicationId\":\"acme\"}", index.conversations().get("standup").configuration(),
        "created by a join: the owner is in the configuration the batch jobs read");
  }

  @Test
  void aConversationNoApplicationOwnsIsIndexedButNotPublished() throws Exception {
    indexer.conversationStarted("adhoc");
    indexer.participantJoined("adhoc", new Participant("bob", "Bob", Role.SUBSCRIBER, now));
    indexer.flush();
    assertEquals(List.of(), published);
    assertEquals(1, index.conversations().participants("adhoc").size());
    assertNull(index.conversations().get("adhoc").configuration());
  }
}
