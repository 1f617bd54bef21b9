package io.tapline.compositor.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;

/**
 * An FFmpeg input file (libavformat): its streams and packets, in the file's own time bases.
 * {@link #close()} is safe to call twice. A file FFmpeg cannot read is an {@link IOException}
 * naming it.
 */
public final class AvDemuxer implements AutoCloseable {
  private final AVFormatContext ctx;
  private final Path file;
  private final AVPacket pkt = av_packet_alloc();
  private final int videoStream;
  private final int audioStream;
  private boolean closed;

  private AvDemuxer(AVFormatContext ctx, Path file) {
    this.ctx = ctx;
    this.file = file;
    int v = -1;
    int a = -1;
    for (int i = 0; i < ctx.nb_streams(); i++) {
      int type = ctx.streams(i).codecpar().codec_type();
      if (type == AVMEDIA_TYPE_VIDEO && v < 0) {
        v = i;
      } else if (type == AVMEDIA_TYPE_AUDIO && a < 0) {
        a = i;
      }
    }
    this.videoStream = v;
    this.audioStream = a;
  }

  public static AvDemuxer open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no such media file: " + file);
    }
    AVFormatContext ctx = new AVFormatContext(null);
    int r = avformat_open_input(ctx, file.toString(), null, null);
    if (r < 0) {
      throw new IOException("FFmpeg cannot open " + file + ": " + FfmpegErrors.text(r));
    }
    r = avformat_find_stream_info(ctx, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
    if (r < 0) {
      avformat_close_input(ctx);
      throw new IOException("FFmpeg finds no streams in " + file + ": " + FfmpegErrors.text(r));
    }
    return new AvDemuxer(ctx, file);
  }

  public AVFormatContext context() {
    return ctx;
  }

  /** Index of the first video stream, -1 if none. */
  public int videoStream() {
    return videoStream;
  }

  /** Index of the first audio stream, -1 if none. */
  public int audioStream() {
    return audioStream;
  }

  public AVStream stream(int index) {
    return ctx.streams(index);
  }

  public MediaInfo info() {
    AVCodecParameters v = videoStream < 0 ? null : ctx.streams(videoStream).codecpar();
    AVCodecParameters a = audioStream < 0 ? null : ctx.streams(audioStream).codecpar();
    long duration = ctx.duration() > 0 ? ctx.duration() * 1_000_000L / AV_TIME_BASE : 0;
    return new MediaInfo(v == null ? null : avcodec_get_name(v.codec_id()).getString(),
        v == null ? 0 : v.width(), v == null ? 0 : v.height(),
        a == null ? null : avcodec_get_name(a.codec_id()).getString(),
        a == null ? 0 : a.sample_rate(), a == null ? 0 : a.ch_layout().nb_channels(), duration);
  }

  /**
   * The next packet (owned by this demuxer, valid until the next call), or null at the end.
   */
  public AVPacket next() throws IOException {
    org.bytedeco.ffmpeg.global.avcodec.av_packet_unref(pkt);
    int r = av_read_frame(ctx, pkt);
    if (r == AVERROR_EOF) {
      return null;
    }
    if (r < 0) {
      throw new IOException("cannot read " + file + ": " + FfmpegErrors.text(r));
    }
    return pkt;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      av_packet_free(pkt);
      avformat_close_input(ctx);
    }
  }
}
