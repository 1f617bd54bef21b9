package io.tapline.sfu.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714): IV formation per section 8.1 and 9.1, the RTP
 * header (or the first 8 SRTCP bytes plus E|index) as associated data per section 8.2 and 9.2,
 * and a 16-byte tag. One {@link Cipher} per context: not thread-safe.
 */
final class AesGcmCipher implements PacketCipher {
  private static final int TAG = 16;

  private final SecretKeySpec rtpKey;
  private final SecretKeySpec rtcpKey;
  private final byte[] rtpSalt;
  private final byte[] rtcpSalt;
  private final Cipher gcm;
  private final byte[] iv = new byte[12];

  AesGcmCipher(SrtpSessionKeys keys) {
    try {
      rtpKey = new SecretKeySpec(keys.rtpKey(), "AES");
      rtcpKey = new SecretKeySpec(keys.rtcpKey(), "AES");
      rtpSalt = keys.rtpSalt().clone();
      rtcpSalt = keys.rtcpSalt().clone();
      gcm = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JDK", e);
    }
  }

  @Override
  public int protectRtp(byte[] in, int off, int len, int hdrLen, int ssrc, long index,
      byte[] out, int outOff) {
    if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, hdrLen);
    }
    try {
      gcm.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(128, rtpIv(ssrc, index)));
      gcm.updateAAD(in, off, hdrLen);
      return hdrLen + gcm.doFinal(in, off + hdrLen, len - hdrLen, out, outOff + hdrLen);
    } catch (GeneralSecurityException e) {
      // The JDK refuses to encrypt twice under one IV: the caller re-sent a sequence number.
      throw new IllegalStateException("AES-GCM refused to protect SSRC/index "
          + Integer.toUnsignedString(ssrc) + "/" + index, e);
    }
  }

  @Override
  public int unprotectRtp(byte[] in, int off, int len, int hdrLen, int ssrc, long index,
      byte[] out, int outOff) {
    try {
      gcm.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(128, rtpIv(ssrc, index)));
      gcm.updateAAD(in, off, hdrLen);
      int n = gcm.doFinal(in, off + hdrLen, len - hdrLen, out, outOff + hdrLen);
      if (in != out || off != outOff) {
        System.arraycopy(in, off, out, outOff, hdrLen);
      }
      return hdrLen + n;
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed on a checked buffer", e);
    }
  }

  @Override
  public int protectRtcp(byte[] in, int off, int len, int ssrc, int srtcpIndex, byte[] out,
      int outOff) {
    int eIndex = 0x80000000 | srtcpIndex;
    if (in != out || off != outOff) {
      System.arraycopy(in, off, out, outOff, 8);
    }
    // Section 9.2 (E = 1): AAD = first 8 bytes || E|index; E|index goes after the tag.
    SrtpContext.putInt(out, outOff + len + TAG, eIndex);
    try {
      gcm.init(Cipher.ENCRYPT_MODE, rtcpKey,
          new GCMParameterSpec(128, rtcpIv(ssrc, srtcpIndex)));
      gcm.updateAAD(out, outOff, 8);
      gcm.updateAAD(out, outOff + len + TAG, 4);
      gcm.doFinal(in, off + 8, len - 8, out, outOff + 8);
      return len + TAG + 4;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM refused to protect SRTCP index " + srtcpIndex, e);
    }
  }

  @Override
  public int unprotectRtcp(byte[] in, int off, int len, int ssrc, int eIndex, byte[] out,
      int outOff) {
    int rtcpLen = len - TAG - 4;
    try {
      gcm.init(Cipher.DECRYPT_MODE, rtcpKey,
          new GCMParameterSpec(128, rtcpIv(ssrc, eIndex & 0x7fffffff)));
      if (eIndex < 0) {
        gcm.updateAAD(in, off, 8);
        gcm.updateAAD(in, off + len - 4, 4);
        gcm.doFinal(in, off + 8, len - 4 - 8, out, outOff + 8);
        if (in != out || off != outOff) {
          System.arraycopy(in, off, out, outOff, 8);
        }
      } else {
        // Section 9.3 (E = 0): the whole RTCP packet is associated data; only the tag is "text".
        gcm.updateAAD(in, off, rtcpLen);
        gcm.updateAAD(in, off + len - 4, 4);
        gcm.doFinal(in, off + rtcpLen, TAG, out, outOff);
        if (in != out || off != outOff) {
          System.arraycopy(in, off, out, outOff, rtcpLen);
        }
      }
      return rtcpLen;
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed on a checked buffer", e);
    }
  }

  @Override
  public int rtcpTrailerLength() {
    return TAG + 4;
  }

  /** Section 8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt. */
  private byte[] rtpIv(int ssrc, long index) {
    System.arraycopy(rtpSalt, 0, iv, 0, 12);
    mix(2, ssrc);
    mix(6, (int) (index >>> 16));
    iv[10] ^= (byte) (index >>> 8);
    iv[11] ^= (byte) index;
    return iv;
  }

  /** Section 9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt. */
  private byte[] rtcpIv(int ssrc, int srtcpIndex) {
    System.arraycopy(rtcpSalt, 0, iv, 0, 12);
    mix(2, ssrc);
    mix(8, srtcpIndex & 0x7fffffff);
    return iv;
  }

  private void mix(int at, int v) {
    iv[at] ^= (byte) (v >>> 24);
    iv[at + 1] ^= (byte) (v >>> 16);
    iv[at + 2] ^= (byte) (v >>> 8);
    iv[at + 3] ^= (byte) v;
  }
}
