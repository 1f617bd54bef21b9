package io.tapline.storage.object;

/**
 * What was stored for one piece of content: the index keeps all of it.
 *
 * @param size plaintext bytes
 * @param storedSize bytes in the object store (larger when encrypted)
 * @param sha256 hex SHA-256 of the plaintext
 * @param keyId master key id when encrypted, else null
 */
public record StoredContent(String key, long size, long storedSize, String sha256, String keyId) {
  public boolean encrypted() {
    return keyId != null;
  }
}
