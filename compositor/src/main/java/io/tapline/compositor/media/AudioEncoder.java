package io.tapline.compositor.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A libavcodec audio encoder fed with planar float samples at 48 kHz, {@link #frameSize()}
 * samples per call; time base 1/48000, pts = sample index.
 */
public final class AudioEncoder implements AutoCloseable {
  public static final int SAMPLE_RATE = 48000;

  private final AVCodecContext ctx;
  private final AVFrame frame = av_frame_alloc();
  private final AVPacket pkt = av_packet_alloc();
  private final boolean planar;
  private final int channels;
  private float[] interleaved = new float[0];
  private boolean closed;

  private AudioEncoder(AVCodecContext ctx, int channels) {
    this.ctx = ctx;
    this.channels = channels;
    this.planar = ctx.sample_fmt() == AV_SAMPLE_FMT_FLTP;
    frame.format(ctx.sample_fmt());
    frame.nb_samples(frameSize());
    frame.sample_rate(SAMPLE_RATE);
    av_channel_layout_copy(frame.ch_layout(), ctx.ch_layout());
    av_frame_get_buffer(frame, 0);
  }

  /** @param encoder {@code aac} or {@code libopus} (anything taking float or planar float input) */
  public static AudioEncoder open(String encoder, int channels, long bitrate, boolean globalHeader) throws IOException {
    AVCodec codec = avcodec_find_encoder_by_name(encoder);
    if (codec == null || codec.isNull()) {
      throw new IOException("FFmpeg has no audio encoder named '" + encoder + "'");
    }
    AVCodecContext c = avcodec_alloc_context3(codec);
    c.sample_rate(SAMPLE_RATE);
    c.time_base(av_make_q(1, SAMPLE_RATE));
    av_channel_layout_default(c.ch_layout(), channels);
    c.bit_rate(bitrate);
    c.sample_fmt(encoder.equals("libopus") ? AV_SAMPLE_FMT_FLT : AV_SAMPLE_FMT_FLTP);
    if (globalHeader) {
      c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    }
    org.bytedeco.ffmpeg.avutil.AVDictionary opts = new org.bytedeco.ffmpeg.avutil.AVDictionary(null);
    if (encoder.equals("aac")) {
      // the default two-loop search costs more than the whole video path; "fast" is several times faster
      org.bytedeco.ffmpeg.global.avutil.av_dict_set(opts, "aac_coder", "fast", 0);
    }
    int r = avcodec_open2(c, codec, opts);
    org.bytedeco.ffmpeg.global.avutil.av_dict_free(opts);
    if (r < 0) {
      avcodec_free_context(c);
      throw new IOException("cannot open encoder " + encoder + ": " + FfmpegErrors.text(r));
    }
    return new AudioEncoder(c, channels);
  }

  /** Samples per channel per {@link #encode} call. */
  public int frameSize() {
    return ctx.frame_size() > 0 ? ctx.frame_size() : 960;
  }

  public int channels() {
    return channels;
  }

  public AVCodecContext context() {
    return ctx;
  }

  public void copyParametersTo(AVCodecParameters par) {
    avcodec_parameters_from_context(par, ctx);
  }

  /** Encodes one frame of {@link #frameSize()} samples per channel starting at sample {@code pts}. */
  public void encode(float[][] samples, long pts, VideoEncoder.PacketSink sink) throws IOException {
    av_frame_make_writable(frame);
    int n = frameSize();
    if (planar) {
      for (int c = 0; c < channels; c++) {
        new FloatPointer(frame.data(c)).put(samples[c], 0, n);
      }
    } else {
      if (interleaved.length != n * channels) {
        interleaved = new float[n * channels];
      }
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < channels; c++) {
          interleaved[i * channels + c] = samples[c][i];
        }
      }
      new FloatPointer(frame.data(0)).put(interleaved, 0, interleaved.length);
    }
    frame.pts(pts);
    send(frame, sink);
  }

  public void flush(VideoEncoder.PacketSink sink) throws IOException {
    send(null, sink);
  }

  private void send(AVFrame f, VideoEncoder.PacketSink sink) throws IOException {
    int r = avcodec_send_frame(ctx, f);
    if (r < 0 && r != AVERROR_EOF) {
      throw new IOException("audio encoder refused a frame: " + FfmpegErrors.text(r));
    }
    while (true) {
      r = avcodec_receive_packet(ctx, pkt);
      if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
        return;
      }
      if (r < 0) {
        throw new IOException("audio encoding failed: " + FfmpegErrors.text(r));
      }
      sink.accept(pkt);
      av_packet_unref(pkt);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      avcodec_free_context(ctx);
      av_frame_free(frame);
      av_packet_free(pkt);
    }
  }
}
