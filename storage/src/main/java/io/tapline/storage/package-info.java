/**
 * Tapline storage: S3-compatible object storage (with an embedded S3Proxy for the default set-up),
 * the index database, exchanged files, encryption at rest, retention and integrity checks. Plain
 * Java, no Spring; see {@code docs/storage.md} for the key layout and the schema.
 */
package io.tapline.storage;
