package io.tapline.compositor.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import io.tapline.pipeline.codec.Av1Obus;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.List;

/**
 * AV1 over RTP ("RTP Payload Format For AV1", AOMedia; parsed by the pipeline's {@code
 * Av1Depacketizer}): one temporal unit per RTP timestamp in the low-overhead bitstream format
 * (every OBU with its obu_size, no temporal delimiters), which the WebM and MP4 muxers and
 * libaom's decoder take as is. The sequence header OBU of the first key frame is the stream's
 * extradata: libavformat builds the {@code av1C} record from it (Matroska CodecPrivate, the MP4
 * {@code av1C} box; AV1-ISOBMFF section 2.3).
 */
public final class Av1Codec implements RtpCodec {

  @Override
  public String name() {
    return "AV1";
  }

  @Override
  public boolean isVideo() {
    return true;
  }

  @Override
  public int ffmpegCodecId() {
    return AV_CODEC_ID_AV1;
  }

  /**
   * libaom: JavaCV's FFmpeg has no libdav1d, and FFmpeg's own {@code av1} decoder only works
   * with a hardware accelerator.
   */
  @Override
  public String decoderName() {
    return "libaom-av1";
  }

  @Override
  public String exportFormat() {
    return "webm";
  }

  @Override
  public String exportExtension() {
    return "webm";
  }

  @Override
  public boolean fitsMp4() {
    return true;
  }

  @Override
  public List<EncodedFrame> assemble(String trackId, List<OrderedPacket> packets, SkipLog skips) {
    return DepacketizedVideo.assemble("AV1", trackId, packets, skips);
  }

  /** The sequence header OBU of the first keyframe (low-overhead form, with its obu_size). */
  @Override
  public byte[] extradata(List<EncodedFrame> frames) {
    for (EncodedFrame f : frames) {
      if (f.keyframe()) {
        try {
          return Av1Obus.sequenceHeaderObu(f.data());
        } catch (MalformedPacketException e) {
          return null; // the depacketizer only lets well-formed units through
        }
      }
    }
    return null;
  }
}
