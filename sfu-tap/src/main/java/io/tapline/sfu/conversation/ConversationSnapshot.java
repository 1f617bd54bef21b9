package io.tapline.sfu.conversation;

import java.util.List;

/** A conversation's state at one moment; {@code recording} is null when none ever ran. */
public record ConversationSnapshot(
    String conversationId, List<Participant> participants, List<Track> tracks, RecordingStatus recording,
    boolean ended) {
  public ConversationSnapshot {
    participants = List.copyOf(participants);
    tracks = List.copyOf(tracks);
  }

  public List<Track> tracksOf(String participantId) {
    return tracks.stream().filter(t -> t.participantId().equals(participantId)).toList();
  }
}
