package io.tapline.sfu.webrtc.srtp;

/**
 * The SRTP protection profiles Tapline negotiates over DTLS-SRTP, with their key, salt and tag
 * sizes in bytes and their DTLS {@code use_srtp} identifiers (RFC 5764 section 4.1.2, RFC 7714
 * section 14.2).
 */
public enum SrtpProfile {
  /** RFC 3711 sections 4.1.1 and 4.2: AES-128 counter mode, HMAC-SHA1 tag truncated to 80 bits. */
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 20, 10, 10),
  /** RFC 7714: AES-128-GCM, 16-byte tag, no separate auth key. */
  AEAD_AES_128_GCM(0x0007, 16, 12, 0, 16, 16);

  private final int dtlsId;
  private final int keyLength;
  private final int saltLength;
  private final int authKeyLength;
  private final int rtpTagLength;
  private final int rtcpTagLength;

  SrtpProfile(int dtlsId, int keyLength, int saltLength, int authKeyLength, int rtpTagLength,
      int rtcpTagLength) {
    this.dtlsId = dtlsId;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.authKeyLength = authKeyLength;
    this.rtpTagLength = rtpTagLength;
    this.rtcpTagLength = rtcpTagLength;
  }

  /** The SRTPProtectionProfile value in the DTLS use_srtp extension. */
  public int dtlsId() {
    return dtlsId;
  }

  public int keyLength() {
    return keyLength;
  }

  public int saltLength() {
    return saltLength;
  }

  public int authKeyLength() {
    return authKeyLength;
  }

  public int rtpTagLength() {
    return rtpTagLength;
  }

  public int rtcpTagLength() {
    return rtcpTagLength;
  }

  public boolean isAead() {
    return authKeyLength == 0;
  }

  /** The profile with this use_srtp identifier, or null if Tapline does not support it. */
  public static SrtpProfile fromDtlsId(int id) {
    for (SrtpProfile p : values()) {
      if (p.dtlsId == id) {
        return p;
      }
    }
    return null;
  }
}
