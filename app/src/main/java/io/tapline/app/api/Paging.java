package io.tapline.app.api;

import io.tapline.storage.index.PageRequest;

/** Checks offset/limit query parameters against the configured bounds. */
public record Paging(int defaultLimit, int maxLimit) {
  public Paging {
    if (defaultLimit < 1 || maxLimit < defaultLimit || maxLimit > PageRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("page sizes: 1 <= default <= max <= " + PageRequest.MAX_LIMIT);
    }
  }

  public PageRequest request(Long offset, Integer limit) {
    long o = offset == null ? 0 : offset;
    int l = limit == null ? defaultLimit : limit;
    if (o < 0) {
      throw ApiException.invalid("offset must be >= 0, got " + o);
    }
    if (l < 1 || l > maxLimit) {
      throw ApiException.invalid("limit must be within [1, " + maxLimit + "], got " + l);
    }
    return new PageRequest(o, l);
  }
}
