package io.tapline.sfu.webrtc.srtp;

/**
 * The SRTP key derivation function, RFC 3711 section 4.3, with the AES-CM PRF (section 4.3.3) and
 * a key derivation rate of 0: each session key is derived once, from index 0.
 *
 * <p>The master salt is 112 bits for AES-CM. AEAD_AES_128_GCM uses a 96-bit master salt (RFC 7714
 * section 11); like libsrtp it is zero-padded on the right to 112 bits before the PRF.
 */
public final class SrtpKeyDerivation {
  /** Section 4.3.1 and 4.3.2 labels. */
  public static final int LABEL_RTP_KEY = 0x00;
  public static final int LABEL_RTP_AUTH = 0x01;
  public static final int LABEL_RTP_SALT = 0x02;
  public static final int LABEL_RTCP_KEY = 0x03;
  public static final int LABEL_RTCP_AUTH = 0x04;
  public static final int LABEL_RTCP_SALT = 0x05;

  private SrtpKeyDerivation() {}

  /**
   * Derives {@code length} bytes for {@code label}: x = (label || r) XOR master_salt with r = 0,
   * then the AES-CM keystream from IV = x * 2^16 under the master key.
   */
  public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
    if (masterKey.length != 16) {
      throw new IllegalArgumentException("master key must be 16 bytes, got " + masterKey.length);
    }
    if (masterSalt.length > 14) {
      throw new IllegalArgumentException("master salt longer than 14 bytes: " + masterSalt.length);
    }
    byte[] iv = new byte[16];
    System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
    // key_id = label || r (48-bit r = 0) sits in the low 56 bits of the 112-bit salt: byte 7.
    iv[7] ^= (byte) label;
    // The keystream XORed into zeros is the keystream itself.
    byte[] out = new byte[length];
    new AesCounterMode(masterKey).apply(iv, out, 0, length, out, 0);
    return out;
  }
}
