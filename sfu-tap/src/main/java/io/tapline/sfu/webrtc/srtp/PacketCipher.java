package io.tapline.sfu.webrtc.srtp;

/**
 * The cryptographic transform of one profile, without any stream state: {@link SrtpContext} has
 * already parsed the header, estimated the index and checked the replay list. Output may be the
 * input array at the same offset (in place). Unprotect methods return -1 when the tag does not
 * verify and leave {@code out} unspecified in that case.
 */
interface PacketCipher {
  /** Encrypts the payload after {@code hdrLen} and appends the tag; returns the SRTP length. */
  int protectRtp(byte[] in, int off, int len, int hdrLen, int ssrc, long index, byte[] out,
      int outOff);

  /** Verifies and decrypts; returns the RTP length or -1 on authentication failure. */
  int unprotectRtp(byte[] in, int off, int len, int hdrLen, int ssrc, long index, byte[] out,
      int outOff);

  /** Encrypts after the first 8 bytes, appends E|index and the tag; returns the SRTCP length. */
  int protectRtcp(byte[] in, int off, int len, int ssrc, int srtcpIndex, byte[] out, int outOff);

  /**
   * Verifies and (if the E flag is set) decrypts an SRTCP packet whose E|index word the caller has
   * read; returns the RTCP length or -1 on authentication failure.
   */
  int unprotectRtcp(byte[] in, int off, int len, int ssrc, int eIndex, byte[] out, int outOff);

  /** Bytes between the end of the RTCP packet and the end of the SRTCP packet. */
  int rtcpTrailerLength();
}
