package io.tapline.compositor.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import java.util.List;

/**
 * VP8 over RTP (RFC 7741), assembled by the pipeline's {@code Vp8Depacketizer} (payload
 * descriptor, section 4.2; keyframe and size from the frame header, RFC 6386 section 9.1). The
 * frames go to libavcodec's vp8 decoder and the WebM muxer as they are.
 */
public final class Vp8Codec implements RtpCodec {

  @Override
  public String name() {
    return "VP8";
  }

  @Override
  public boolean isVideo() {
    return true;
  }

  @Override
  public int ffmpegCodecId() {
    return AV_CODEC_ID_VP8;
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
  public List<EncodedFrame> assemble(String trackId, List<OrderedPacket> packets, SkipLog skips) {
    return DepacketizedVideo.assemble("VP8", trackId, packets, skips);
  }
}
