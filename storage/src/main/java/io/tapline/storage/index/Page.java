package io.tapline.storage.index;

import java.util.List;

/** One page of results and the total count of matching rows. */
public record Page<T>(List<T> items, PageRequest request, long total) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasNext() {
    return request.offset() + items.size() < total;
  }
}
