package io.tapline.storage.object;

/**
 * Whether a PUT or part body is covered by the SigV4 signature (its SHA-256 in {@code
 * x-amz-content-sha256}) or sent as {@code UNSIGNED-PAYLOAD}. Either way the request itself
 * (method, key, headers, including the {@link PartChecksum} header) is SigV4-signed and the server
 * verifies the part checksum before storing the bytes; a signed payload additionally costs a
 * SHA-256 pass on each side and makes S3Proxy buffer every body whole before it checks it.
 */
public enum PayloadSigning {
  /**
   * Unsigned over HTTPS (TLS protects the bytes, as the SDK does against AWS) and over plain HTTP
   * to a loopback address (the bytes never leave the machine: the checksum catches accidental
   * corruption and nobody sits on the path to forge a matching CRC); signed over plain HTTP to any
   * other host. The default.
   */
  AUTO,
  /** Always signed, also over HTTPS. */
  SIGNED,
  /**
   * Never signed, also over plain HTTP to another host: only for a network trusted not to alter
   * traffic (a CRC32C is no defence against a deliberate change in transit; Content-MD5 is
   * stronger, see {@link PartChecksum#MD5}).
   */
  UNSIGNED
}
