package io.tapline.pipeline.segment;

/**
 * How a segment file ended. A file written by a tap that was killed ends in a partial record; the
 * reader returns every complete record before it and describes the rest here.
 *
 * @param clean true when the file ended exactly after a complete record
 * @param validBytes bytes up to the end of the last complete record (or header)
 * @param damagedBytes bytes after that which could not be read as a record
 * @param reason why reading stopped ({@code segment.truncated}, {@code segment.crc}, ...), or
 *     {@code null} when clean
 */
public record SegmentTail(boolean clean, long validBytes, long damagedBytes, String reason) {
  static SegmentTail cleanAt(long validBytes) {
    return new SegmentTail(true, validBytes, 0, null);
  }
}
