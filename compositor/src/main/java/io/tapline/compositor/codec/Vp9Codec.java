package io.tapline.compositor.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import java.util.List;

/**
 * VP9 over RTP (RFC 9628, the payload descriptor parsed by the pipeline's {@code Vp9Depacketizer}):
 * one picture per RTP timestamp, spatial layers packed into one superframe, which libavcodec's
 * vp9 decoder and the WebM muxer take as is.
 */
public final class Vp9Codec implements RtpCodec {

  @Override
  public String name() {
    return "VP9";
  }

  @Override
  public boolean isVideo() {
    return true;
  }

  @Override
  public int ffmpegCodecId() {
    return AV_CODEC_ID_VP9;
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
    return DepacketizedVideo.assemble("VP9", trackId, packets, skips);
  }
}
