package io.tapline.sfu.media;

/**
 * The forwarding core as seen by the conversation layer (signaling): publish and subscribe tracks,
 * mute, keyframes. The plain RTP/UDP implementation comes first; WebRTC transports plug in behind
 * the same interface. Implementations are thread-safe.
 */
public interface MediaPlane extends AutoCloseable {
  /** Prepares to receive a track and says where the publisher sends it. */
  PublishEndpoint publish(TrackSpec track);

  /**
   * Prepares to receive a track that arrives over a {@link MediaConnection} this plane made (its
   * SSRC must be announced in the spec). Planes without connections refuse.
   */
  default void publish(TrackSpec track, MediaConnection connection) {
    throw new UnsupportedOperationException("this media plane has no connection transport");
  }

  /** Stops receiving a track; its subscriptions end. Unknown tracks are ignored. */
  void unpublish(String conversationId, String trackId);

  /** Starts forwarding a published track to a subscriber. */
  void subscribe(String conversationId, String subscriberId, String trackId, SubscribeOptions options);

  /** Stops forwarding a track to a subscriber. Unknown pairs are ignored. */
  void unsubscribe(String conversationId, String subscriberId, String trackId);

  /** A muted track is neither forwarded nor recorded; unmuting requests a keyframe for video. */
  void setMuted(String conversationId, String trackId, boolean muted);

  /** Asks the publisher of a video track for a keyframe (PLI, rate-limited). */
  void requestKeyframe(String conversationId, String trackId);

  void addListener(MediaListener listener);

  @Override
  void close();
}
