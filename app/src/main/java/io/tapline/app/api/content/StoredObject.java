package io.tapline.app.api.content;

/**
 * Something the API serves from the object store.
 *
 * @param size plaintext bytes
 * @param sha256 hex SHA-256 of the plaintext (sent as the strong ETag)
 * @param downloadName the file name offered to the client ({@code Content-Disposition})
 * @param encrypted stored encrypted at rest: cannot be presigned, only streamed
 */
public record StoredObject(String key, long size, String sha256, String contentType, String downloadName,
    boolean encrypted) {}
