package io.tapline.sfu.webrtc.sdp;

import io.tapline.sfu.webrtc.ice.IceCandidate;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import java.util.List;

/**
 * What the SFU puts in an answer for one endpoint.
 *
 * @param ice this endpoint's ICE-lite credentials
 * @param dtlsFingerprint SHA-256 fingerprint of the node's DTLS certificate
 * @param candidates the node's host candidates (shared port)
 * @param av1 whether AV1 is accepted (the compositor decodes it only with libaom/SVT-AV1)
 * @param sendMedia whether the SFU also sends media to this peer on the same sections
 * @param sessionId the o= session id, a random 62-bit number (RFC 8829 section 5.2.1)
 */
public record AnswerOptions(IceCredentials ice, Fingerprint dtlsFingerprint,
    List<IceCandidate> candidates, boolean av1, boolean sendMedia, long sessionId) {
  public AnswerOptions {
    candidates = List.copyOf(candidates);
    if (!dtlsFingerprint.isSha256()) {
      throw new IllegalArgumentException("the answer's fingerprint must be sha-256");
    }
    if (sessionId < 0) {
      throw new IllegalArgumentException("session id must be non-negative");
    }
  }
}
