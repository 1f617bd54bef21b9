package io.tapline.compositor.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A libavcodec video encoder for YUV 4:2:0 pictures at a constant frame rate (time base 1/fps,
 * pts = frame index). Refuses an encoder name FFmpeg does not have instead of falling back.
 */
public final class VideoEncoder implements AutoCloseable {
  /** Receives each encoded packet; the packet is only valid during the call. */
  public interface PacketSink {
    void accept(AVPacket packet) throws IOException;
  }

  private final AVCodecContext ctx;
  private final AVPacket pkt = av_packet_alloc();
  private boolean closed;

  private VideoEncoder(AVCodecContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param encoder FFmpeg encoder name, e.g. {@code libx264}, {@code libvpx}, {@code libvpx-vp9}
   * @param preset x264 preset or libvpx deadline word ({@code realtime}, {@code good}); may be null
   * @param globalHeader whether the container wants codec headers out of band (MP4, WebM)
   */
  public static VideoEncoder open(String encoder, int width, int height, int fps, long bitrate, String preset,
      int gop, boolean globalHeader) throws IOException {
    AVCodec codec = avcodec_find_encoder_by_name(encoder);
    if (codec == null || codec.isNull()) {
      throw new IOException("FFmpeg has no video encoder named '" + encoder + "'");
    }
    AVCodecContext c = avcodec_alloc_context3(codec);
    c.width(width);
    c.height(height);
    c.pix_fmt(AV_PIX_FMT_YUV420P);
    c.time_base(av_make_q(1, fps));
    c.framerate(av_make_q(fps, 1));
    c.bit_rate(bitrate);
    c.gop_size(gop);
    if (globalHeader) {
      c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    }
    AVDictionary opts = new AVDictionary(null);
    if (preset != null) {
      if (encoder.startsWith("libvpx")) {
        av_dict_set(opts, "deadline", preset, 0);
        av_dict_set(opts, "cpu-used", "8", 0);
      } else {
        av_dict_set(opts, "preset", preset, 0);
      }
    }
    if (encoder.startsWith("libvpx")) {
      av_dict_set(opts, "lag-in-frames", "0", 0);
    }
    int r = avcodec_open2(c, codec, opts);
    av_dict_free(opts);
    if (r < 0) {
      avcodec_free_context(c);
      throw new IOException("cannot open encoder " + encoder + ": " + FfmpegErrors.text(r));
    }
    return new VideoEncoder(c);
  }

  public AVCodecContext context() {
    return ctx;
  }

  public String codecName() {
    return ctx.codec().name().getString();
  }

  public void copyParametersTo(AVCodecParameters par) {
    avcodec_parameters_from_context(par, ctx);
  }

  /** Encodes {@code frame} (null flushes); packets have pts in 1/fps. */
  public void encode(AVFrame frame, PacketSink sink) throws IOException {
    int r = avcodec_send_frame(ctx, frame);
    if (r < 0 && r != AVERROR_EOF) {
      throw new IOException("encoder refused a frame: " + FfmpegErrors.text(r));
    }
    while (true) {
      r = avcodec_receive_packet(ctx, pkt);
      if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
        return;
      }
      if (r < 0) {
        throw new IOException("encoding failed: " + FfmpegErrors.text(r));
      }
      sink.accept(pkt);
      org.bytedeco.ffmpeg.global.avcodec.av_packet_unref(pkt);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      avcodec_free_context(ctx);
      av_packet_free(pkt);
    }
  }
}
