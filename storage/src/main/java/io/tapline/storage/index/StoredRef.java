package io.tapline.storage.index;

import io.tapline.storage.object.StoredContent;

/**
 * Where an indexed piece of content lives and how to verify it: the index side of {@link
 * StoredContent}.
 */
public record StoredRef(String key, long size, long storedSize, String sha256, String keyId) {
  public static StoredRef of(StoredContent c) {
    return new StoredRef(c.key(), c.size(), c.storedSize(), c.sha256(), c.keyId());
  }
}
