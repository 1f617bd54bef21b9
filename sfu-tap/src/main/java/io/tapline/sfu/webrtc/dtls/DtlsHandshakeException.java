package io.tapline.sfu.webrtc.dtls;

import java.io.IOException;

/**
 * A DTLS-SRTP handshake that did not produce keys, with a stable reason for counters and logs:
 * {@code dtls.fingerprint} (the peer's certificate is not the one its SDP announced),
 * {@code dtls.no_certificate}, {@code dtls.no_srtp_profile}, {@code dtls.timeout},
 * {@code dtls.failed} (any other alert or I/O error; the cause says which).
 */
public final class DtlsHandshakeException extends IOException {
  private final String reason;

  public DtlsHandshakeException(String reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
