package io.tapline.sfu.testing;

import java.nio.ByteBuffer;

/** Builds RTP packets for tests (RFC 3550 5.1), optionally with a one-byte audio level extension. */
public final class RtpBuilder {
  private int payloadType = 96;
  private int seq;
  private long timestamp;
  private long ssrc = 0x11223344L;
  private boolean marker;
  private int audioLevelId = -1;
  private int audioLevel;
  private byte[] payload = new byte[20];
  private final java.util.List<io.tapline.pipeline.rtp.ext.HeaderExtension> extensions = new java.util.ArrayList<>();

  public RtpBuilder pt(int pt) {
    this.payloadType = pt;
    return this;
  }

  public RtpBuilder seq(int s) {
    this.seq = s & 0xffff;
    return this;
  }

  public RtpBuilder ts(long t) {
    this.timestamp = t & 0xffffffffL;
    return this;
  }

  public RtpBuilder ssrc(long s) {
    this.ssrc = s;
    return this;
  }

  public RtpBuilder marker(boolean m) {
    this.marker = m;
    return this;
  }

  public RtpBuilder audioLevel(int extensionId, int level) {
    this.audioLevelId = extensionId;
    this.audioLevel = level;
    return this;
  }

  /** Adds a one-byte-form header extension element (RFC 8285), e.g. a rid or mid. */
  public RtpBuilder extension(int id, byte[] data) {
    extensions.add(new io.tapline.pipeline.rtp.ext.HeaderExtension(id, data));
    return this;
  }

  /** An RtpStreamId element (RFC 8852). */
  public RtpBuilder rid(int id, String rid) {
    return extension(id, rid.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  public RtpBuilder payload(byte[] p) {
    this.payload = p;
    return this;
  }

  /** A VP8 payload: descriptor with S=1/PID=0 when {@code start}, then a frame tag (P=0 for a keyframe). */
  public RtpBuilder vp8(boolean start, boolean keyframe, int size) {
    byte[] p = new byte[Math.max(4, size)];
    p[0] = (byte) (start ? 0x10 : 0x00);
    p[1] = (byte) (keyframe ? 0x10 : 0x11); // bit0 = P (inter frame)
    if (keyframe && p.length >= 7) {
      p[4] = (byte) 0x9d;
      p[5] = 0x01;
      p[6] = 0x2a;
    }
    this.payload = p;
    return this;
  }

  public byte[] build() {
    if (!extensions.isEmpty()) {
      java.util.List<io.tapline.pipeline.rtp.ext.HeaderExtension> all = new java.util.ArrayList<>(extensions);
      if (audioLevelId > 0) {
        all.add(new io.tapline.pipeline.rtp.ext.HeaderExtension(audioLevelId, new byte[] {(byte) (0x80 | audioLevel)}));
      }
      int block = io.tapline.pipeline.rtp.ext.HeaderExtensionWriter.blockLength(all);
      byte[] out = new byte[12 + block + payload.length];
      ByteBuffer b = ByteBuffer.wrap(out);
      b.put((byte) 0x90).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) seq)
          .putInt((int) timestamp).putInt((int) ssrc);
      io.tapline.pipeline.rtp.ext.HeaderExtensionWriter.write(all, out, 12);
      System.arraycopy(payload, 0, out, 12 + block, payload.length);
      return out;
    }
    int ext = audioLevelId > 0 ? 8 : 0;
    ByteBuffer b = ByteBuffer.allocate(12 + ext + payload.length);
    b.put((byte) (0x80 | (ext > 0 ? 0x10 : 0)));
    b.put((byte) ((marker ? 0x80 : 0) | payloadType));
    b.putShort((short) seq);
    b.putInt((int) timestamp);
    b.putInt((int) ssrc);
    if (ext > 0) {
      b.putShort((short) 0xBEDE).putShort((short) 1);
      b.put((byte) (audioLevelId << 4)).put((byte) (0x80 | audioLevel)).put((byte) 0).put((byte) 0);
    }
    b.put(payload);
    return b.array();
  }
}
