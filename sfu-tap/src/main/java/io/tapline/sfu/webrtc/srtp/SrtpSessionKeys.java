package io.tapline.sfu.webrtc.srtp;

/**
 * The session keys of one direction: cipher key, salt and (for AES-CM) auth key, each for SRTP
 * and for SRTCP. Built from a master key by {@link #derive}, or given directly (the RFC 7714 test
 * vectors are stated in session keys).
 */
public record SrtpSessionKeys(
    SrtpProfile profile,
    byte[] rtpKey,
    byte[] rtpSalt,
    byte[] rtpAuthKey,
    byte[] rtcpKey,
    byte[] rtcpSalt,
    byte[] rtcpAuthKey) {

  public SrtpSessionKeys {
    check("rtp key", rtpKey, profile.keyLength());
    check("rtp salt", rtpSalt, profile.saltLength());
    check("rtp auth key", rtpAuthKey, profile.authKeyLength());
    check("rtcp key", rtcpKey, profile.keyLength());
    check("rtcp salt", rtcpSalt, profile.saltLength());
    check("rtcp auth key", rtcpAuthKey, profile.authKeyLength());
  }

  /** RFC 3711 section 4.3 (kdr = 0) from one master key and salt. */
  public static SrtpSessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
    check("master key", masterKey, profile.keyLength());
    check("master salt", masterSalt, profile.saltLength());
    int k = profile.keyLength();
    int s = profile.saltLength();
    int a = profile.authKeyLength();
    return new SrtpSessionKeys(
        profile,
        SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_KEY, k),
        SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, s),
        SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTH, a),
        SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_KEY, k),
        SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, s),
        SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_AUTH, a));
  }

  /** The same session key and salt for SRTP and SRTCP, as the RFC 7714 vectors state them. */
  public static SrtpSessionKeys ofSessionKeys(SrtpProfile profile, byte[] key, byte[] salt,
      byte[] authKey) {
    return new SrtpSessionKeys(profile, key, salt, authKey, key, salt, authKey);
  }

  private static void check(String what, byte[] b, int length) {
    if (b == null || b.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + (b == null ? "null" : b.length));
    }
  }
}
