package io.tapline.sfu.forward;

import io.tapline.sfu.speaker.ActiveSpeakerDetector;
import io.tapline.sfu.tap.RecordingSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The published tracks of one conversation, its meters, its speaker detector and its recording. */
final class Conversation {
  final String id;
  final TrafficMeters meters;
  final ActiveSpeakerDetector speaker;
  final Map<String, PublishedTrack> tracks = new ConcurrentHashMap<>();
  volatile RecordingSession recording;

  Conversation(String id, TrafficMeters meters, ActiveSpeakerDetector speaker) {
    this.id = id;
    this.meters = meters;
    this.speaker = speaker;
  }
}
