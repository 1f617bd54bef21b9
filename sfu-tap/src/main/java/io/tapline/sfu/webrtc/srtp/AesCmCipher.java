package io.tapline.sfu.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES_CM_128_HMAC_SHA1_80: AES counter mode (RFC 3711 section 4.1.1) and HMAC-SHA1 truncated to
 * 80 bits (section 4.2), over SRTP (section 3.1) and SRTCP (section 3.4). One {@link Cipher} and
 * one {@link Mac} per key, re-initialised per packet: not thread-safe.
 */
final class AesCmCipher implements PacketCipher {
  private static final int TAG = 10;

  private final SecretKeySpec rtpKey;
  private final SecretKeySpec rtcpKey;
  private final byte[] rtpSalt;
  private final byte[] rtcpSalt;
  private final Cipher ctr;
  private final Mac rtpMac;
  private final Mac rtcpMac;
  private final byte[] iv = new byte[16];
  private final byte[] macOut = new byte[20];
  private final byte[] roc = new byte[4];

  AesCmCipher(SrtpSessionKeys keys) {
    try {
      rtpKey = new SecretKeySpec(keys.rtpKey(), "AES");
      rtcpKey = new SecretKeySpec(keys.rtcpKey(), "AES");
      rtpSalt = keys.rtpSalt().clone();
      rtcpSalt = keys.rtcpSalt().clone();
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
      rtpMac = Mac.getInstance("HmacSHA1");
      rtpMac.init(new SecretKeySpec(keys.rtpAuthKey(), "HmacSHA1"));
      rtcpMac = Mac.getInstance("HmacSHA1");
      rtcpMac.init(new SecretKeySpec(keys.rtcpAuthKey(), "HmacSHA1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR or HmacSHA1 is missing from this JDK", e);
    }
  }

  @Override
  public int protectRtp(byte[] in, int off, int len, int hdrLen, int ssrc, long index,
      byte[] out, int outOff) {
    if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, hdrLen);
    }
    crypt(rtpKey, rtpSalt, ssrc, index, in, off + hdrLen, len - hdrLen, out, outOff + hdrLen);
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
    crypt(rtpKey, rtpSalt, ssrc, index, in, off + hdrLen, bodyLen - hdrLen, out, outOff + hdrLen);
    return bodyLen;
  }

  @Override
  public int protectRtcp(byte[] in, int off, int len, int ssrc, int srtcpIndex, byte[] out,
      int outOff) {
    if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, 8);
    }
    // Section 3.4: the SRTCP index takes the place of the packet index in the IV.
    crypt(rtcpKey, rtcpSalt, ssrc, srtcpIndex & 0x7fffffffL, in, off + 8, len - 8, out,
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
      crypt(rtcpKey, rtcpSalt, ssrc, eIndex & 0x7fffffffL, in, off + 8, rtcpLen - 8, out,
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
  private void crypt(SecretKeySpec key, byte[] salt, int ssrc, long index, byte[] in, int off,
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
    try {
      ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      ctr.doFinal(in, off, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed on a checked buffer", e);
    }
  }

  private void tag(Mac mac, byte[] buf, int off, int len, int rocValue, boolean withRoc) {
    mac.update(buf, off, len);
    if (withRoc) {
      SrtpContext.putInt(roc, 0, rocValue);
      mac.update(roc, 0, 4);
    }
    try {
      mac.doFinal(macOut, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
