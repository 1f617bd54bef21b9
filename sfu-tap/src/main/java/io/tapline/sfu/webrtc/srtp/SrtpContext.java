package io.tapline.sfu.webrtc.srtp;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * One direction of an SRTP session (RFC 3711 section 3.2): session keys, one reused cipher
 * transform, and per-SSRC state (rollover counter, highest sequence number, replay lists, SRTCP
 * index). An inbound context unprotects what a peer sent; an outbound one protects what we send.
 *
 * <p>Every method works in place ({@code out == in}, same offset) or into a caller buffer, which
 * must hold the result ({@link #MAX_OVERHEAD} more bytes than the input when protecting). Bad input
 * is rejected with a {@link MalformedPacketException} whose reason is also counted in the
 * {@link DropCounters}: {@code srtp.short}, {@code srtp.version}, {@code srtp.auth},
 * {@code srtp.replay}, {@code srtp.too_old}, {@code srtp.ssrc_limit} and the same with
 * {@code srtcp.}.
 *
 * <p>Not thread-safe: the ciphers and the stream state are confined to one thread (the media plane
 * gives each transport one I/O thread). Use one context per thread and direction.
 *
 * <p>With AES_CM_128_HMAC_SHA1_80, protecting and unprotecting a valid packet allocate nothing
 * (the first packet of a new SSRC, a payload longer than any before, and rejections do);
 * AEAD_AES_128_GCM allocates inside the JDK's cipher on every per-packet re-initialisation.
 */
public final class SrtpContext {
  /** The most bytes protection adds (SRTCP with GCM: tag and E|index). */
  public static final int MAX_OVERHEAD = 20;
  /** Replay list size: RFC 3711 asks for at least 64; Chrome uses 1024 for video. */
  public static final int DEFAULT_REPLAY_WINDOW = 1024;
  /**
   * At most this many SSRCs per context; more is a misbehaving peer. New SSRCs beyond it are
   * refused ({@code srtp.ssrc_limit}) rather than evicting others: forgetting a stream would
   * forget its replay list and ROC.
   */
  public static final int MAX_SSRCS = 256;

  private final SrtpProfile profile;
  private final PacketCipher cipher;
  private final DropCounters drops;
  private final int replayWindow;
  private final SsrcTable streams = new SsrcTable(MAX_SSRCS);
  // The last stream used: almost every packet on a transport hits it without a table probe.
  private int lastSsrc;
  private SsrcState lastState;

  public SrtpContext(SrtpSessionKeys keys, DropCounters drops) {
    this(keys, DEFAULT_REPLAY_WINDOW, drops);
  }

  public SrtpContext(SrtpSessionKeys keys, int replayWindow, DropCounters drops) {
    this.profile = keys.profile();
    this.cipher = profile.isAead() ? new AesGcmCipher(keys) : new AesCmCipher(keys);
    this.drops = drops;
    this.replayWindow = replayWindow;
    new ReplayWindow(replayWindow); // validates the size now rather than at the first packet
  }

  public SrtpProfile profile() {
    return profile;
  }

  /** Protects an RTP packet in place; {@code buf} needs {@link #MAX_OVERHEAD} spare bytes. */
  public int protectRtp(byte[] buf, int off, int len) throws MalformedPacketException {
    return protectRtp(buf, off, len, buf, off);
  }

  /** Protects {@code in} into {@code out}; returns the SRTP length (RFC 3711 section 3.3). */
  public int protectRtp(byte[] in, int off, int len, byte[] out, int outOff)
      throws MalformedPacketException {
    int hdrLen = rtpHeaderLength(in, off, len, "srtp");
    checkRoom(out, outOff, len + profile.rtpTagLength());
    int ssrc = getInt(in, off + 8);
    int seq = getShort(in, off + 2);
    SsrcState state = streamOrCreate(ssrc, "srtp");
    long index = state.estimateIndex(seq);
    if (index < 0) {
      index = seq; // a sender that restarts below its first sequence number: keep ROC 0
    }
    state.update(index);
    return cipher.protectRtp(in, off, len, hdrLen, ssrc, index, out, outOff);
  }

  /** Unprotects an SRTP packet in place; returns the RTP length. */
  public int unprotectRtp(byte[] buf, int off, int len) throws MalformedPacketException {
    return unprotectRtp(buf, off, len, buf, off);
  }

  /** RFC 3711 section 3.3: index estimation, replay check, authentication, then decryption. */
  public int unprotectRtp(byte[] in, int off, int len, byte[] out, int outOff)
      throws MalformedPacketException {
    int hdrLen = rtpHeaderLength(in, off, len, "srtp");
    if (len < hdrLen + profile.rtpTagLength()) {
      throw drop("srtp.short", "packet of " + len + " bytes has no room for the tag");
    }
    checkRoom(out, outOff, len - profile.rtpTagLength());
    int ssrc = getInt(in, off + 8);
    int seq = getShort(in, off + 2);
    SsrcState known = stream(ssrc);
    SsrcState state = known != null ? known : fresh(ssrc, "srtp");
    long index = state.estimateIndex(seq);
    if (index < 0) {
      throw drop("srtp.too_old", "sequence " + seq + " is before the first packet");
    }
    switch (state.rtpReplay.check(index)) {
      case REPLAYED -> throw drop("srtp.replay", "index " + index + " already received");
      case TOO_OLD -> throw drop("srtp.too_old", "index " + index + " is behind the window");
      default -> { }
    }
    int n = cipher.unprotectRtp(in, off, len, hdrLen, ssrc, index, out, outOff);
    if (n < 0) {
      throw drop("srtp.auth", "tag mismatch for SSRC " + Integer.toUnsignedString(ssrc));
    }
    // Only an authenticated packet may create a stream or move ROC and the window.
    if (known == null) {
      remember(ssrc, state);
    }
    state.rtpReplay.accept(index);
    state.update(index);
    return n;
  }

  /** Protects an RTCP (compound) packet in place; returns the SRTCP length. */
  public int protectRtcp(byte[] buf, int off, int len) throws MalformedPacketException {
    return protectRtcp(buf, off, len, buf, off);
  }

  /** RFC 3711 section 3.4 (AES-CM) or RFC 7714 section 9 (GCM), always encrypted (E = 1). */
  public int protectRtcp(byte[] in, int off, int len, byte[] out, int outOff)
      throws MalformedPacketException {
    checkRtcp(in, off, len, 8);
    checkRoom(out, outOff, len + cipher.rtcpTrailerLength());
    int ssrc = getInt(in, off + 4);
    SsrcState state = streamOrCreate(ssrc, "srtcp");
    int index = state.nextSrtcpIndex;
    state.nextSrtcpIndex = (index + 1) & 0x7fffffff;
    return cipher.protectRtcp(in, off, len, ssrc, index, out, outOff);
  }

  public int unprotectRtcp(byte[] buf, int off, int len) throws MalformedPacketException {
    return unprotectRtcp(buf, off, len, buf, off);
  }

  /** Authenticates, replay-checks on the SRTCP index, and decrypts if the E flag is set. */
  public int unprotectRtcp(byte[] in, int off, int len, byte[] out, int outOff)
      throws MalformedPacketException {
    checkRtcp(in, off, len, 8 + cipher.rtcpTrailerLength());
    checkRoom(out, outOff, len - cipher.rtcpTrailerLength());
    int ssrc = getInt(in, off + 4);
    int eIndexAt = profile.isAead() ? len - 4 : len - cipher.rtcpTrailerLength();
    int eIndex = getInt(in, off + eIndexAt);
    long index = eIndex & 0x7fffffffL;
    SsrcState known = stream(ssrc);
    SsrcState state = known != null ? known : fresh(ssrc, "srtcp");
    switch (state.rtcpReplay.check(index)) {
      case REPLAYED -> throw drop("srtcp.replay", "SRTCP index " + index + " already received");
      case TOO_OLD -> throw drop("srtcp.too_old", "SRTCP index " + index + " is behind");
      default -> { }
    }
    int n = cipher.unprotectRtcp(in, off, len, ssrc, eIndex, out, outOff);
    if (n < 0) {
      throw drop("srtcp.auth", "tag mismatch for SSRC " + Integer.toUnsignedString(ssrc));
    }
    if (known == null) {
      remember(ssrc, state);
    }
    state.rtcpReplay.accept(index);
    return n;
  }

  /** For the RFC 7714 section 17 vectors, which start at SRTCP index 0x5d4. */
  void setNextSrtcpIndex(int ssrc, int index) throws MalformedPacketException {
    streamOrCreate(ssrc, "srtcp").nextSrtcpIndex = index;
  }

  /** The rollover counter of an SSRC, or -1 if unknown (for tests and stats). */
  public long rolloverCounter(int ssrc) {
    SsrcState s = stream(ssrc);
    return s == null ? -1 : s.roc;
  }

  private SsrcState stream(int ssrc) {
    if (lastState != null && lastSsrc == ssrc) {
      return lastState;
    }
    SsrcState s = streams.get(ssrc);
    if (s != null) {
      lastSsrc = ssrc;
      lastState = s;
    }
    return s;
  }

  private SsrcState streamOrCreate(int ssrc, String proto) throws MalformedPacketException {
    SsrcState s = stream(ssrc);
    if (s == null) {
      s = fresh(ssrc, proto);
      remember(ssrc, s);
    }
    return s;
  }

  /** State for a new SSRC, not yet in the table (a receiver adds it once authenticated). */
  private SsrcState fresh(int ssrc, String proto) throws MalformedPacketException {
    if (streams.size() >= MAX_SSRCS) {
      throw drop(proto + ".ssrc_limit", "already " + MAX_SSRCS + " SSRCs, refusing "
          + Integer.toUnsignedString(ssrc));
    }
    return new SsrcState(replayWindow);
  }

  private void remember(int ssrc, SsrcState s) {
    streams.put(ssrc, s);
    lastSsrc = ssrc;
    lastState = s;
  }

  /** RFC 3550 section 5.1: fixed header, CSRCs, then the extension if X is set. */
  private int rtpHeaderLength(byte[] b, int off, int len, String proto)
      throws MalformedPacketException {
    if (len < 12) {
      throw drop(proto + ".short", "packet of " + len + " bytes is shorter than an RTP header");
    }
    int first = b[off] & 0xff;
    if (first >>> 6 != 2) {
      throw drop(proto + ".version", "RTP version " + (first >>> 6));
    }
    int hdr = 12 + 4 * (first & 0x0f);
    if ((first & 0x10) != 0) {
      if (len < hdr + 4) {
        throw drop(proto + ".short", "header extension cut at " + len + " bytes");
      }
      hdr += 4 + 4 * getShort(b, off + hdr + 2);
    }
    if (len < hdr) {
      throw drop(proto + ".short", "header of " + hdr + " bytes in a " + len + "-byte packet");
    }
    return hdr;
  }

  /** RFC 3550 section 6.4.1: version 2 and at least the 8-byte header with the sender SSRC. */
  private void checkRtcp(byte[] b, int off, int len, int min) throws MalformedPacketException {
    if (len < min) {
      throw drop("srtcp.short", "packet of " + len + " bytes, need " + min);
    }
    if ((b[off] & 0xff) >>> 6 != 2) {
      throw drop("srtcp.version", "RTCP version " + ((b[off] & 0xff) >>> 6));
    }
  }

  private static void checkRoom(byte[] out, int outOff, int needed) {
    if (outOff < 0 || out.length - outOff < needed) {
      throw new IllegalArgumentException(
          "output buffer has " + (out.length - outOff) + " bytes, need " + needed);
    }
  }

  private MalformedPacketException drop(String reason, String detail) {
    MalformedPacketException e = new MalformedPacketException(reason, detail);
    drops.count(e);
    return e;
  }

  static int getInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8
        | (b[at + 3] & 0xff);
  }

  static int getShort(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** Compares a computed tag with one in a packet without an early exit (timing). */
  static boolean equalsConstantTime(byte[] expected, byte[] b, int at, int len) {
    int diff = 0;
    for (int i = 0; i < len; i++) {
      diff |= expected[i] ^ b[at + i];
    }
    return diff == 0;
  }
}
