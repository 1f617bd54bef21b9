package io.tapline.compositor.codec;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import java.util.List;

/**
 * What the compositor needs to know about one RTP payload format: how to rebuild frames from
 * packets, which FFmpeg codec decodes them and which container holds them without re-encoding.
 * One implementation per codec; implementations hold no state between calls.
 */
public interface RtpCodec {
  /** Encoding name as in SDP rtpmap, e.g. {@code VP8}. */
  String name();

  boolean isVideo();

  /** FFmpeg {@code AV_CODEC_ID_*} of the bitstream. */
  int ffmpegCodecId();

  /**
   * The FFmpeg decoder to use by name, when the default for {@link #ffmpegCodecId()} will not do;
   * null for the default.
   */
  default String decoderName() {
    return null;
  }

  /** FFmpeg muxer for a per-track file, e.g. {@code webm}. */
  String exportFormat();

  /** File extension for {@link #exportFormat()}, without the dot. */
  String exportExtension();

  /** Whether a per-track file may also be MP4 (asked for by a {@code .mp4} name). */
  default boolean fitsMp4() {
    return exportFormat().equals("mp4");
  }

  /**
   * Rebuilds frames from packets in sequence order. Frames that cannot be decoded correctly
   * (incomplete, or depending on a lost frame) are dropped and counted in {@code skips}: a video
   * track resumes at its next keyframe, so a decoder never sees a broken reference.
   */
  List<EncodedFrame> assemble(String trackId, List<OrderedPacket> packets, SkipLog skips);

  /**
   * Codec configuration a container or decoder needs before the first frame (e.g. H.264 SPS/PPS),
   * taken from the assembled frames; null when the bitstream carries everything itself.
   */
  default byte[] extradata(List<EncodedFrame> frames) {
    return null;
  }
}
