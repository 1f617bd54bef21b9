package io.tapline.sfu.testing;

import io.tapline.sfu.media.MediaListener;
import io.tapline.sfu.media.MediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/** A {@link MediaPlane} that remembers every call and hands out ports from 40000 up. */
public final class RecordingMediaPlane implements MediaPlane {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public final List<TrackSpec> published = new CopyOnWriteArrayList<>();
  public final List<SubscribeOptions> subscribeOptions = new CopyOnWriteArrayList<>();
  private final List<MediaListener> listeners = new CopyOnWriteArrayList<>();
  /** Conversations whose publish fails, to show failures stay in their conversation. */
  public final Set<String> failingConversations = new CopyOnWriteArraySet<>();
  private int nextPort = 40000;

  @Override
  public synchronized PublishEndpoint publish(TrackSpec track) {
    calls.add("publish " + track.conversationId() + " " + track.trackId());
    if (failingConversations.contains(track.conversationId())) {
      throw new IllegalStateException("no free port");
    }
    published.add(track);
    InetSocketAddress rtp = new InetSocketAddress("127.0.0.1", nextPort);
    InetSocketAddress rtcp = new InetSocketAddress("127.0.0.1", nextPort + 1);
    nextPort += 2;
    return new PublishEndpoint(track.trackId(), rtp, rtcp);
  }

  @Override
  public void unpublish(String conversationId, String trackId) {
    calls.add("unpublish " + conversationId + " " + trackId);
  }

  @Override
  public void subscribe(String conversationId, String subscriberId, String trackId, SubscribeOptions options) {
    calls.add("subscribe " + conversationId + " " + subscriberId + " " + trackId);
    subscribeOptions.add(options);
  }

  @Override
  public void unsubscribe(String conversationId, String subscriberId, String trackId) {
    calls.add("unsubscribe " + conversationId + " " + subscriberId + " " + trackId);
  }

  @Override
  public void setMuted(String conversationId, String trackId, boolean muted) {
    calls.add((muted ? "mute " : "unmute ") + conversationId + " " + trackId);
  }

  @Override
  public void requestKeyframe(String conversationId, String trackId) {
    calls.add("keyframe " + conversationId + " " + trackId);
  }

  @Override
  public void addListener(MediaListener listener) {
    listeners.add(listener);
  }

  public void speaker(String conversationId, String participantId) {
    listeners.forEach(l -> l.activeSpeakerChanged(conversationId, participantId));
  }

  public List<String> callsStartingWith(String prefix) {
    List<String> out = new ArrayList<>();
    calls.stream().filter(c -> c.startsWith(prefix)).forEach(out::add);
    return out;
  }

  @Override
  public void close() {}
}
