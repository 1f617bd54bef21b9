package io.tapline.pipeline.tools;

import io.tapline.pipeline.manifest.ClockSample;
import io.tapline.pipeline.segment.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, plausible RTP stream for the demo: VP8-like video (RFC 7741 payload descriptor,
 * keyframe flag in the VP8 frame tag, frames split in ~1100-byte packets, marker on the last packet
 * of a frame) or Opus-like audio (20 ms frames of ~80-120 bytes, marker never set), with a sender
 * report + SDES every second. Sequence numbers start near 65535 so that they wrap. Arrival times
 * are the send times plus up to 2 ms of delay, the same for
 * every packet of a frame.
 */
final class SyntheticStream {
  private static final int MAX_PAYLOAD = 1100;

  final String trackId;
  final String kind;
  final String codec;
  final int payloadType;
  final int clockRate;
  final long ssrc;
  private final int frameMicros;
  private final int keyframeEveryFrames;
  private final Random random;

  private SyntheticStream(String trackId, String kind, String codec, int payloadType, int clockRate, long ssrc,
      int frameMicros, int keyframeEveryFrames, long seed) {
    this.trackId = trackId;
    this.kind = kind;
    this.codec = codec;
    this.payloadType = payloadType;
    this.clockRate = clockRate;
    this.ssrc = ssrc;
    this.frameMicros = frameMicros;
    this.keyframeEveryFrames = keyframeEveryFrames;
    this.random = new Random(seed);
  }

  /** 30 fps VP8 with a keyframe every second. */
  static SyntheticStream vp8(String trackId, long ssrc, long seed) {
    return new SyntheticStream(trackId, "video", "VP8", 96, 90_000, ssrc, 33_333, 30, seed);
  }

  /** 20 ms Opus frames. */
  static SyntheticStream opus(String trackId, long ssrc, long seed) {
    return new SyntheticStream(trackId, "audio", "opus", 111, 48_000, ssrc, 20_000, 0, seed);
  }

  boolean isVideo() {
    return "video".equals(kind);
  }

  /** Every packet of {@code seconds} of stream starting at {@code startMicros}, in arrival order. */
  List<TimedPacket> generate(long startMicros, int seconds) {
    List<TimedPacket> out = new ArrayList<>();
    int seq = 65_536 - 40 - random.nextInt(20);
    long rtpBase = random.nextInt() & 0xffffffffL;
    long packets = 0;
    long octets = 0;
    long end = startMicros + seconds * 1_000_000L;
    long nextReport = startMicros + 500_000; // half a frame period off the frame grid
    int frame = 0;
    for (long t = startMicros; t < end; t += frameMicros, frame++) {
      long rtpTs = (rtpBase + (t - startMicros) * clockRate / 1_000_000L) & 0xffffffffL;
      while (nextReport <= t) {
        long reportTs = (rtpBase + (nextReport - startMicros) * clockRate / 1_000_000L) & 0xffffffffL;
        byte[] sr = SenderReportBuilder.build(ssrc, nextReport, reportTs, packets, octets, trackId + "@demo.tapline");
        long arrival = nextReport + random.nextInt(2000);
        out.add(new TimedPacket(RecordType.RTCP, arrival, sr, false, new ClockSample(ssrc, nextReport, reportTs, arrival)));
        nextReport += 1_000_000;
      }
      boolean keyframe = isVideo() && frame % keyframeEveryFrames == 0;
      List<byte[]> payloads = isVideo() ? vp8Frame(keyframe) : List.of(opusFrame());
      long frameArrival = t + random.nextInt(2000); // one network delay per frame: its packets stay in order
      for (int i = 0; i < payloads.size(); i++) {
        byte[] payload = payloads.get(i);
        boolean last = i == payloads.size() - 1;
        byte[] rtp = rtpPacket(isVideo() && last, seq & 0xffff, rtpTs, payload);
        out.add(new TimedPacket(RecordType.RTP, frameArrival + i * 50L, rtp, keyframe && i == 0, null));
        seq++;
        packets++;
        octets += payload.length;
      }
    }
    out.sort((a, b) -> Long.compare(a.arrivalMicros(), b.arrivalMicros()));
    return out;
  }

  /** RFC 3550 section 5.1 fixed header, no CSRC, no extension. */
  private byte[] rtpPacket(boolean marker, int seq, long timestamp, byte[] payload) {
    byte[] p = new byte[12 + payload.length];
    p[0] = (byte) 0x80;
    p[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    for (int i = 0; i < 4; i++) {
      p[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
      p[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
    }
    System.arraycopy(payload, 0, p, 12, payload.length);
    return p;
  }

  /**
   * One VP8 frame as RTP payloads: each starts with the 1-byte payload descriptor (RFC 7741
   * section 4.2, S=1 on the first), the first carries the frame tag (RFC 6386 section 9.1: bit 0
   * is 0 for a keyframe, which also has the start code 9d 01 2a and its size, here 640x360).
   */
  private List<byte[]> vp8Frame(boolean keyframe) {
    int size = keyframe ? 6000 + random.nextInt(3000) : 1500 + random.nextInt(2500);
    byte[] frame = new byte[size];
    random.nextBytes(frame);
    frame[0] = (byte) ((frame[0] & 0xfe) | (keyframe ? 0 : 1));
    if (keyframe) {
      frame[3] = (byte) 0x9d;
      frame[4] = 0x01;
      frame[5] = 0x2a;
      frame[6] = (byte) (640 & 0xff);
      frame[7] = (byte) (640 >>> 8);
      frame[8] = (byte) (360 & 0xff);
      frame[9] = (byte) (360 >>> 8);
    }
    List<byte[]> out = new ArrayList<>();
    int parts = (size + MAX_PAYLOAD - 2) / (MAX_PAYLOAD - 1);
    int per = (size + parts - 1) / parts; // even split, as libwebrtc does
    for (int off = 0; off < size; off += per) {
      int n = Math.min(per, size - off);
      byte[] p = new byte[1 + n];
      p[0] = (byte) (off == 0 ? 0x10 : 0x00);
      System.arraycopy(frame, off, p, 1, n);
      out.add(p);
    }
    return out;
  }

  /** An Opus packet: TOC byte (RFC 6716 section 3.1: config 15 = hybrid FB 20 ms, mono, code 0) and data. */
  private byte[] opusFrame() {
    byte[] p = new byte[80 + random.nextInt(40)];
    random.nextBytes(p);
    p[0] = (byte) (15 << 3);
    return p;
  }
}
