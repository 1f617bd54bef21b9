package io.tapline.compositor.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * H.264 over RTP (RFC 6184, single NAL unit, STAP-A and FU-A, parsed by the pipeline's
 * {@code H264Depacketizer}): access units in Annex-B form (start codes), SPS and PPS in front of
 * every IDR. libavcodec's h264 decoder takes that as is; for MP4 the SPS and PPS of the first IDR
 * become the stream's extradata, from which the mp4 muxer writes the avcC box and turns each
 * access unit into length-prefixed NAL units (ISO/IEC 14496-15).
 */
public final class H264Codec implements RtpCodec {
  private static final int NAL_SPS = 7;
  private static final int NAL_PPS = 8;

  @Override
  public String name() {
    return "H264";
  }

  @Override
  public boolean isVideo() {
    return true;
  }

  @Override
  public int ffmpegCodecId() {
    return AV_CODEC_ID_H264;
  }

  @Override
  public String exportFormat() {
    return "mp4";
  }

  @Override
  public String exportExtension() {
    return "mp4";
  }

  @Override
  public List<EncodedFrame> assemble(String trackId, List<OrderedPacket> packets, SkipLog skips) {
    return DepacketizedVideo.assemble("H264", trackId, packets, skips);
  }

  /** The SPS and PPS NAL units of the first keyframe, in Annex-B form (start codes). */
  @Override
  public byte[] extradata(List<EncodedFrame> frames) {
    for (EncodedFrame f : frames) {
      if (f.keyframe()) {
        byte[] sets = parameterSets(f.data());
        return sets.length == 0 ? null : sets;
      }
    }
    return null;
  }

  /** The SPS and PPS NAL units of an Annex-B access unit, each behind a 4-byte start code. */
  static byte[] parameterSets(byte[] au) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int start = nextNal(au, 0);
    while (start >= 0 && start < au.length) {
      int next = nextNal(au, start);
      // the NAL unit ends where the next start code (00 00 01, maybe after a zero byte) begins
      int end = next < 0 ? au.length : next - 3;
      while (end > start && au[end - 1] == 0) {
        end--;
      }
      int type = au[start] & 0x1f;
      if (type == NAL_SPS || type == NAL_PPS) {
        out.write(new byte[] {0, 0, 0, 1}, 0, 4);
        out.write(au, start, end - start);
      }
      start = next;
    }
    return out.toByteArray();
  }

  /** Index of the first byte after the next 00 00 01 at or after {@code from}, or -1. */
  private static int nextNal(byte[] b, int from) {
    for (int i = from; i + 2 < b.length; i++) {
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        return i + 3;
      }
    }
    return -1;
  }
}
