package io.tapline.storage.object;

/**
 * Whether a PUT or part request announces its body with {@code Expect: 100-continue} (RFC 9110
 * section 10.1.1) and waits for the server's interim {@code 100 Continue} before sending it. The
 * wait lets a server refuse a request (bad signature, wrong region, quota) before the client
 * pushes megabytes it will discard; it costs one extra round trip, and on a loopback connection
 * two thread hand-overs in each process, per request. The AWS SDK adds the header to every
 * PutObject and UploadPart; {@link S3Clients} removes it where this says so.
 */
public enum ExpectContinue {
  /**
   * Off for a loopback endpoint (a refused body costs nothing to send there, the wait costs a
   * round trip per object), on for any other host. The default.
   */
  AUTO,
  /** Always wait for {@code 100 Continue} (the SDK's own behaviour). */
  ALWAYS,
  /** Never: send the body with the headers. */
  NEVER
}
