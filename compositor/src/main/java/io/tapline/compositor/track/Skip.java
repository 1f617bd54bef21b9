package io.tapline.compositor.track;

/**
 * Something left out of an output, with why and how much.
 *
 * @param trackId the track concerned, or null for the whole recording
 * @param reason a stable dotted code, e.g. {@code video.before_first_keyframe}
 * @param count how many packets, frames or files were skipped
 * @param detail a sentence for people
 */
public record Skip(String trackId, String reason, long count, String detail) {
  @Override
  public String toString() {
    return (trackId == null ? "" : trackId + ": ") + reason + " x" + count + (detail == null ? "" : " (" + detail + ")");
  }
}
