package io.tapline.sfu.webrtc.srtp;

/**
 * AES_CM_128_HMAC_SHA1_80: AES counter mode (RFC 3711 section 4.1.1) and HMAC-SHA1 truncated to
 * 80 bits (section 4.2), over SRTP (section 3.1) and SRTCP (section 3.4). One
 * {@link AesCounterMode} and one {@link HmacSha1} per key, both reused: protect and unprotect
 * allocate nothing per packet. Not thread-safe.
 */
final class AesCmCipher implements PacketCipher {
  private static final int TAG = 10;

  private final AesCounterMode rtpCtr;
  private final AesCounterMode rtcpCtr;
  private final byte[] rtpSalt;
  private final byte[] rtcpSalt;
  private final HmacSha1 rtpMac;
  private final HmacSha1 rtcpMac;
  private final byte[] iv = new byte[16];
  private final byte[] macOut = new byte[HmacSha1.LENGTH];
  private final byte[] roc = new byte[4];

  AesCmCipher(SrtpSessionKeys keys) {
    rtpCtr = new AesCounterMode(keys.rtpKey());
    rtcpCtr = new AesCounterMode(keys.rtcpKey());
    rtpSalt = keys.rtpSalt().clone();
    rtcpSalt = keys.rtcpSalt().clone();
    rtpMac = new HmacSha1(keys.rtpAuthKey());
    rtcpMac = new HmacSha1(keys.rtcpAuthKey());
  }

  @Override
  public int protectRtp(byte[] in, int off, int len, int hdrLen, int ssrc, long index,
      byte[] out, int outOff) {
    if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, hdrLen);
    }
    crypt(rtpCtr, rtpSalt, ssrc, index, in, off + hdrLen, len - hdrLen, out, outOff + hdrLen);
    // Section 4.2: the tag covers the authenticated portion then the ROC.
    tag(rtpMac, out, outOff, len, (int) (index >>> 16), true);
    System.arraycopy(macOut, 0, out, outOff + len, TAG);
    return len + TAG;
  }

  @Override
  public int unprotectRtp(byte[] in, int off, int len, int hdrLen, int ssrc, long index,
      byte[] out, int outOff) {
    int bodyLen = len - TAG;
    tag(rtpMac, in, off, bodyLen, (int) (index >>> 16), true);
    if (!SrtpContext.equalsConstantTime(macOut, in, off + bodyLen, TAG)) {
      return -1;
    }
    if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, hdrLen);
    }
    crypt(rtpCtr, rtpSalt, ssrc, index, in, off + hdrLen, bodyLen - hdrLen, out, outOff + hdrLen);
    return bodyLen;
  }

  @Override
  public int protectRtcp(byte[] in, int off, int len, int ssrc, int srtcpIndex, byte[] out,
      int outOff) {
    if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, 8);
    }
    // Section 3.4: the SRTCP index takes the place of the packet index in the IV.
    crypt(rtcpCtr, rtcpSalt, ssrc, srtcpIndex & 0x7fffffffL, in, off + 8, len - 8, out,
        outOff + 8);
    SrtpContext.putInt(out, outOff + len, 0x80000000 | srtcpIndex);
    tag(rtcpMac, out, outOff, len + 4, 0, false);
    System.arraycopy(macOut, 0, out, outOff + len + 4, TAG);
    return len + 4 + TAG;
  }

  @Override
  public int unprotectRtcp(byte[] in, int off, int len, int ssrc, int eIndex, byte[] out,
      int outOff) {
    int authLen = len - TAG;
    tag(rtcpMac, in, off, authLen, 0, false);
    if (!SrtpContext.equalsConstantTime(macOut, in, off + authLen, TAG)) {
      return -1;
    }
    int rtcpLen = authLen - 4;
    if (eIndex < 0) {
      System.arraycopy(in, off, out, outOff, 8);
      crypt(rtcpCtr, rtcpSalt, ssrc, eIndex & 0x7fffffffL, in, off + 8, rtcpLen - 8, out,
          outOff + 8);
    } else if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, rtcpLen);
    }
    return rtcpLen;
  }

  @Override
  public int rtcpTrailerLength() {
    return 4 + TAG;
  }

  /** Section 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16). */
  private void crypt(AesCounterMode ctr, byte[] salt, int ssrc, long index, byte[] in, int off,
      int len, byte[] out, int outOff) {
    System.arraycopy(salt, 0, iv, 0, 14);
    iv[14] = 0;
    iv[15] = 0;
    iv[4] ^= (byte) (ssrc >>> 24);
    iv[5] ^= (byte) (ssrc >>> 16);
    iv[6] ^= (byte) (ssrc >>> 8);
    iv[7] ^= (byte) ssrc;
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
    }
    ctr.apply(iv, in, off, len, out, outOff);
  }

  private void tag(HmacSha1 mac, byte[] buf, int off, int len, int rocValue, boolean withRoc) {
    mac.update(buf, off, len);
    if (withRoc) {
      SrtpContext.putInt(roc, 0, rocValue);
      mac.update(roc, 0, 4);
    }
    mac.finish(macOut, 0);
  }
}
