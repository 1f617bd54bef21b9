package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tapline.pipeline.packet.DropCounters;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The RFC 3711 Appendix B and RFC 7714 sections 16 and 17 test vectors, byte for byte. */
class SrtpKnownAnswerTest {
  private static final String GCM_KEY = "000102030405060708090a0b0c0d0e0f";
  private static final String GCM_SALT = "517569642070726f2071756f"; // "Quid pro quo"
  private static final String RTP = "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f"
      + " 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";
  private static final String RTCP = "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a"
      + " 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

  /** RFC 3711 Appendix B.3: key derivation from one master key and salt. */
  @Test
  void appendixB3KeyDerivation() {
    byte[] key = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    byte[] salt = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");
    assertEquals("c61e7a93744f39ee10734afe3ff7a087",
        hex(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_KEY, 16)));
    assertEquals("30cbbc08863d8c85d49db34a9ae1",
        hex(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_SALT, 14)));
    // 94 bytes: the appendix prints more than the 20 HMAC-SHA1 uses, exercising the counter.
    assertEquals(("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
            + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
            + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2").toLowerCase(),
        hex(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_AUTH, 94)));

    SrtpSessionKeys keys =
        SrtpSessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt);
    assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4", hex(keys.rtpAuthKey()));
  }

  /**
   * RFC 3711 Appendix B.2: the AES-CM key stream for SSRC 0 and index 0. A zero payload protected
   * under that session key and salt comes out as the key stream itself.
   */
  @Test
  void appendixB2KeyStream() throws Exception {
    SrtpContext ctx = new SrtpContext(SrtpSessionKeys.ofSessionKeys(
        SrtpProfile.AES_CM_128_HMAC_SHA1_80, Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"),
        Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), new byte[20]), new DropCounters());
    int blocks = 0xff02;
    byte[] packet = new byte[12 + blocks * 16 + SrtpContext.MAX_OVERHEAD];
    packet[0] = (byte) 0x80; // seq 0, SSRC 0, zero payload
    ctx.protectRtp(packet, 0, 12 + blocks * 16);
    assertEquals("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab"
        + "41e95b3bb0a2e8dd477901e4fca894c0", Hex.of(packet, 12, 48));
    assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4362b7c3c6773516318a077d7fc5073ae"
        + "6a2cc3787889374fbeb4c81b17ba6c44", Hex.of(packet, 12 + 0xfeff * 16, 48));
  }

  /** RFC 7714 section 16.1.1 (encryption) and 16.1.2 (decryption), AEAD_AES_128_GCM. */
  @Test
  void rfc7714Section16RtpGcm() throws Exception {
    byte[] expected = Hex.bytes("8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c"
        + " 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf"
        + " 765ee439 0cce");
    byte[] plain = Hex.bytes(RTP);
    byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
    int n = gcm().protectRtp(buf, 0, plain.length);
    assertArrayEquals(expected, Arrays.copyOf(buf, n));

    byte[] out = new byte[expected.length];
    int m = gcm().unprotectRtp(expected, 0, expected.length, out, 0);
    assertArrayEquals(plain, Arrays.copyOf(out, m));
  }

  /** RFC 7714 section 17.1: SRTCP with AEAD_AES_128_GCM, encrypted (E = 1), index 0x5d4. */
  @Test
  void rfc7714Section17RtcpGcmEncrypted() throws Exception {
    byte[] expected = Hex.bytes("81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99"
        + " 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f"
        + " c5abf872 45d9eade 800005d4");
    byte[] plain = Hex.bytes(RTCP);
    SrtpContext tx = gcm();
    tx.setNextSrtcpIndex(0x4d617273, 0x5d4);
    byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.MAX_OVERHEAD);
    int n = tx.protectRtcp(buf, 0, plain.length);
    assertArrayEquals(expected, Arrays.copyOf(buf, n));

    int m = gcm().unprotectRtcp(expected, 0, expected.length);
    assertArrayEquals(plain, Arrays.copyOf(expected, m));
  }

  /** RFC 7714 section 17.3: SRTCP authenticated only (E = 0) verifies and keeps the plain text. */
  @Test
  void rfc7714Section17RtcpGcmTagOnly() throws Exception {
    byte[] wire = Hex.bytes(RTCP + " 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4");
    int m = gcm().unprotectRtcp(wire, 0, wire.length);
    assertArrayEquals(Hex.bytes(RTCP), Arrays.copyOf(wire, m));
  }

  private static SrtpContext gcm() {
    return new SrtpContext(SrtpSessionKeys.ofSessionKeys(SrtpProfile.AEAD_AES_128_GCM,
        Hex.bytes(GCM_KEY), Hex.bytes(GCM_SALT), new byte[0]), new DropCounters());
  }

  private static String hex(byte[] b) {
    return Hex.of(b, 0, b.length);
  }
}
