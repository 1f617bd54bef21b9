package io.tapline.compositor.layout;

/**
 * Something a layout can place: a participant's camera (or its placeholder) or a screen share.
 *
 * @param participantId whose tile it is
 * @param name display name for the placeholder
 * @param videoTrackId the video shown, or null when muted or absent (a placeholder is drawn)
 * @param screen a screen share rather than a camera
 */
public record Tile(String participantId, String name, String videoTrackId, boolean screen) {}
