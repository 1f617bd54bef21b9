package io.tapline.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tapline.storage.index.PageRequest;
import org.junit.jupiter.api.Test;

class PagingTest {
  private final Paging paging = new Paging(50, 200);

  @Test
  void defaultsAndBounds() {
    assertEquals(new PageRequest(0, 50), paging.request(null, null));
    assertEquals(new PageRequest(400, 200), paging.request(400L, 200));
    assertEquals(400, assertThrows(ApiException.class, () -> paging.request(null, 201)).status().value());
    assertThrows(ApiException.class, () -> paging.request(null, 0));
    assertThrows(ApiException.class, () -> paging.request(-1L, 10));
    assertThrows(IllegalArgumentException.class, () -> new Paging(10, 501));
  }
}
