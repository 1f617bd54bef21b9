package io.tapline.storage.index;

/** Which slice of a result to return: {@code limit} rows after skipping {@code offset}. */
public record PageRequest(long offset, int limit) {
  public static final int MAX_LIMIT = 500;

  public PageRequest {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be within [1, " + MAX_LIMIT + "]");
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(0, limit);
  }

  public PageRequest next() {
    return new PageRequest(offset + limit, limit);
  }
}
