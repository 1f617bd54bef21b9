package io.tapline.jobs.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recording controller over conversations that tests make live or not, with the port's contract:
 * idempotent per recording id, "not live" until someone joined. Records every call.
 */
final class FakeConversations implements RecordingControl {
  private final Set<String> live = new HashSet<>();
  private final Map<String, String> recordingToConversation = new LinkedHashMap<>();
  private final List<String> startCalls = new ArrayList<>();
  private final List<String> stopped = new ArrayList<>();
  private final Map<String, Instant> startedAt = new LinkedHashMap<>();
  private final Map<String, Instant> stoppedAt = new LinkedHashMap<>();
  private RuntimeException failure;

  synchronized void goLive(String conversationId) {
    live.add(conversationId);
  }

  /** Makes every start throw, as an unreachable SFU would. */
  synchronized void failWith(RuntimeException e) {
    failure = e;
  }

  @Override
  public synchronized StartResult start(String conversationId, String recordingId) {
    startCalls.add(conversationId + "/" + recordingId);
    if (failure != null) {
      throw failure;
    }
    if (!live.contains(conversationId)) {
      return new StartResult.NotLive();
    }
    recordingToConversation.putIfAbsent(recordingId, conversationId);
    startedAt.putIfAbsent(recordingId, Instant.now());
    return new StartResult.Started(recordingId);
  }

  @Override
  public synchronized void stop(String recordingId) {
    stopped.add(recordingId);
    stoppedAt.putIfAbsent(recordingId, Instant.now());
  }

  /** When the recording really started (wall clock), if it did. */
  synchronized Instant startedAt(String recordingId) {
    return startedAt.get(recordingId);
  }

  synchronized Instant stoppedAt(String recordingId) {
    return stoppedAt.get(recordingId);
  }

  synchronized List<String> startCalls() {
    return List.copyOf(startCalls);
  }

  /** Recording ids started, each once however often it was asked. */
  synchronized List<String> recordings() {
    return List.copyOf(recordingToConversation.keySet());
  }

  synchronized List<String> stopped() {
    return List.copyOf(stopped);
  }
}
