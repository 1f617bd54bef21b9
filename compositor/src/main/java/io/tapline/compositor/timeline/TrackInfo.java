package io.tapline.compositor.timeline;

/**
 * What the scene needs to know of a track.
 *
 * @param decodable whether the track has pictures to show (otherwise a placeholder)
 * @param firstWallMicros wall time of its first frame
 * @param lastWallMicros wall time of its last frame
 */
public record TrackInfo(String trackId, String participantId, String participantName, boolean video, boolean screen,
    boolean decodable, long firstWallMicros, long lastWallMicros) {}
