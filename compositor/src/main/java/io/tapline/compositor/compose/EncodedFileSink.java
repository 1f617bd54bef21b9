package io.tapline.compositor.compose;

import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.tapline.compositor.media.AudioEncoder;
import io.tapline.compositor.media.AvMuxer;
import io.tapline.compositor.media.VideoEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Encodes into one of the {@link OutputFormat}s with libavcodec and libavformat: MP4 with
 * faststart, WebM, or HLS (playlist at {@code out}, segments beside it).
 */
final class EncodedFileSink implements CompositionSink {
  private static final int HLS_SEGMENT_SECONDS = 4;

  private final AvMuxer mux;
  private final VideoEncoder video;
  private final AudioEncoder audio;
  private boolean closed;

  private EncodedFileSink(AvMuxer mux, VideoEncoder video, AudioEncoder audio) {
    this.mux = mux;
    this.video = video;
    this.audio = audio;
  }

  static EncodedFileSink open(CompositionSpec spec, Path out) throws IOException {
    OutputFormat f = spec.format();
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.deleteIfExists(out);
    AvMuxer mux = AvMuxer.open(out, f.muxer());
    VideoEncoder v = null;
    AudioEncoder a = null;
    try {
      // keyframes every 2 s (HLS segments cut on them)
      v = VideoEncoder.open(f.videoEncoder(), spec.width(), spec.height(), spec.fps(), spec.videoBitrate(),
          spec.preset(), spec.fps() * 2, true);
      a = AudioEncoder.open(f.audioEncoder(), 2, f.audioEncoder().equals("aac") ? 128_000 : 96_000, true);
      v.copyParametersTo(mux.addStream(av_make_q(1, spec.fps())).codecpar());
      mux.context().streams(0).avg_frame_rate(av_make_q(spec.fps(), 1));
      a.copyParametersTo(mux.addStream(av_make_q(1, AudioEncoder.SAMPLE_RATE)).codecpar());
      Map<String, String> opts = new HashMap<>();
      if (f == OutputFormat.MP4) {
        opts.put("movflags", "+faststart");
      } else if (f.isHls()) {
        String base = out.getFileName().toString().replaceFirst("\\.m3u8$", "");
        boolean fmp4 = f == OutputFormat.HLS_FMP4;
        opts.put("hls_time", String.valueOf(HLS_SEGMENT_SECONDS));
        opts.put("hls_playlist_type", "vod");
        opts.put("hls_segment_type", fmp4 ? "fmp4" : "mpegts");
        opts.put("hls_segment_filename", out.resolveSibling(base + "_%05d" + (fmp4 ? ".m4s" : ".ts")).toString());
        if (fmp4) {
          opts.put("hls_fmp4_init_filename", base + "_init.mp4");
        }
      }
      mux.writeHeader(opts);
      return new EncodedFileSink(mux, v, a);
    } catch (IOException | RuntimeException e) {
      if (v != null) {
        v.close();
      }
      if (a != null) {
        a.close();
      }
      mux.close();
      throw e;
    }
  }

  @Override
  public int audioFrameSize() {
    return audio.frameSize();
  }

  @Override
  public int audioChannels() {
    return audio.channels();
  }

  @Override
  public void writeVideo(AVFrame picture, long index) throws IOException {
    picture.pts(index);
    video.encode(picture, p -> mux.writeOwned(0, p));
  }

  @Override
  public void writeAudio(float[][] samples, long pts) throws IOException {
    audio.encode(samples, pts, p -> mux.writeOwned(1, p));
  }

  @Override
  public String videoCodec() {
    return video.codecName();
  }

  @Override
  public String audioCodec() {
    return audio.context().codec().name().getString();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      video.encode(null, p -> mux.writeOwned(0, p));
      audio.flush(p -> mux.writeOwned(1, p));
    } finally {
      video.close();
      audio.close();
      mux.close();
    }
  }
}
