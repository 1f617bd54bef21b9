package io.tapline.storage.object;

/**
 * The checksum sent with every PUT and part so the server verifies the bytes before storing them
 * (on top of TLS, or of the signed payload over plain HTTP).
 */
public enum PartChecksum {
  /**
   * {@code x-amz-checksum-crc32c}: computed at memory speed on both sides (a CPU instruction);
   * verified by AWS S3, MinIO, S3Proxy 2.4+ and Ceph RGW 18+. The default.
   */
  CRC32C,
  /**
   * {@code Content-MD5}: verified by every S3-compatible server, but MD5 is the slowest pass of an
   * upload (about half the speed of SHA-256 with SHA extensions). For older S3 clones.
   */
  MD5
}
