package io.tapline.app.api.content;

import java.util.Optional;

/**
 * One byte range of a representation of {@code size} bytes, from a {@code Range} header (RFC 9110
 * section 14.1.2 byte ranges; 14.2 the Range field):
 *
 * <pre>
 *   Range = "bytes=" first-pos "-" [ last-pos ]    ; bytes=0-499, bytes=500-
 *         / "bytes=" "-" suffix-length             ; bytes=-500 (the last 500)
 * </pre>
 *
 * <p>Only a single range is served. What the parser does not take (another unit, several ranges,
 * bad syntax) is ignored, as section 14.2 allows: the whole representation is sent with 200. A
 * syntactically valid range that selects nothing of the representation is {@link Unsatisfiable}
 * (416, section 15.5.17).
 *
 * @param first first byte, inclusive
 * @param last last byte, inclusive
 */
public record ByteRange(long first, long last) {
  /** Longer headers are not a single byte range this server would write. */
  static final int MAX_HEADER = 200;

  public ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bad range " + first + "-" + last);
    }
  }

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of this range of {@code size} bytes (section 14.4). */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * @return the range to send, or empty to send everything (no header, or one this server
   *     ignores)
   * @throws Unsatisfiable if the range is valid but outside {@code size} bytes
   */
  public static Optional<ByteRange> parse(String header, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0");
    }
    if (header == null || header.length() > MAX_HEADER) {
      return Optional.empty();
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return Optional.empty(); // another range unit: ignored
    }
    String spec = h.substring(6).strip();
    if (spec.indexOf(',') >= 0) {
      return Optional.empty(); // several ranges: served whole
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    String a = spec.substring(0, dash).strip();
    String b = spec.substring(dash + 1).strip();
    if (a.isEmpty()) {
      long suffix = digits(b);
      if (suffix < 0) {
        return Optional.empty();
      }
      if (suffix == 0 || size == 0) {
        throw new Unsatisfiable(size);
      }
      return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
    }
    long first = digits(a);
    if (first < 0) {
      return Optional.empty();
    }
    long last;
    if (b.isEmpty()) {
      last = Long.MAX_VALUE;
    } else {
      last = digits(b);
      if (last < 0 || last < first) {
        return Optional.empty(); // invalid range-spec: ignored (section 14.1.1)
      }
    }
    if (first >= size) {
      throw new Unsatisfiable(size);
    }
    return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
  }

  /** A non-negative decimal number, or -1 if {@code s} is not one (or does not fit a long). */
  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** A range that selects no byte of the representation: 416 with {@code Content-Range: bytes *}/size. */
  public static final class Unsatisfiable extends RuntimeException {
    private final long size;

    public Unsatisfiable(long size) {
      super("the range selects no byte of the " + size + " available");
      this.size = size;
    }

    public long size() {
      return size;
    }
  }
}
