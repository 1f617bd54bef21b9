package io.tapline.compositor.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * An FFmpeg output file (libavformat): add streams, write the header, write packets with
 * timestamps in each stream's own time base, close. {@link #close()} writes the trailer once and
 * is safe to call twice.
 */
public final class AvMuxer implements AutoCloseable {
  private final AVFormatContext ctx;
  private final Path file;
  private final List<AVRational> callerTimeBases = new ArrayList<>();
  private final AVPacket pkt = av_packet_alloc();
  private boolean headerWritten;
  private boolean closed;

  private AvMuxer(AVFormatContext ctx, Path file) {
    this.ctx = ctx;
    this.file = file;
  }

  /** Opens {@code file} for writing with muxer {@code format} (e.g. {@code webm}, {@code mp4}). */
  public static AvMuxer open(Path file, String format) throws IOException {
    AVFormatContext ctx = new AVFormatContext(null);
    int r = avformat_alloc_output_context2(ctx, null, format, file.toString());
    if (r < 0 || ctx.isNull()) {
      throw new IOException("no FFmpeg muxer '" + format + "': " + FfmpegErrors.text(r));
    }
    if ((ctx.oformat().flags() & AVFMT_NOFILE) == 0) {
      AVIOContext pb = new AVIOContext(null);
      r = avio_open(pb, file.toString(), AVIO_FLAG_WRITE);
      if (r < 0) {
        avformat_free_context(ctx);
        throw new IOException("cannot open " + file + ": " + FfmpegErrors.text(r));
      }
      ctx.pb(pb);
    }
    return new AvMuxer(ctx, file);
  }

  /** A new stream; packets passed to {@link #write} for it are in {@code timeBase}. */
  public AVStream addStream(AVRational timeBase) {
    AVStream st = avformat_new_stream(ctx, null);
    st.time_base(timeBase);
    callerTimeBases.add(timeBase);
    return st;
  }

  public AVFormatContext context() {
    return ctx;
  }

  public void writeHeader(Map<String, String> options) throws IOException {
    AVDictionary dict = new AVDictionary(null);
    for (var e : options.entrySet()) {
      av_dict_set(dict, e.getKey(), e.getValue(), 0);
    }
    int r = avformat_write_header(ctx, dict);
    av_dict_free(dict);
    if (r < 0) {
      throw new IOException("cannot write header of " + file + ": " + FfmpegErrors.text(r));
    }
    headerWritten = true;
  }

  /** Writes a copy of {@code data} as one packet; times in the stream's caller time base. */
  public void write(int stream, byte[] data, long pts, long dts, long duration, boolean key) throws IOException {
    if (av_new_packet(pkt, data.length) < 0) {
      throw new IOException("out of memory for a packet of " + data.length + " bytes");
    }
    pkt.data().put(data);
    pkt.pts(pts);
    pkt.dts(dts);
    pkt.duration(duration);
    pkt.flags(key ? AV_PKT_FLAG_KEY : 0);
    writeOwned(stream, pkt);
  }

  /** Writes an encoder's packet (times in the caller time base of {@code stream}); takes its reference. */
  public void writeOwned(int stream, AVPacket packet) throws IOException {
    AVRational from = callerTimeBases.get(stream);
    AVRational to = ctx.streams(stream).time_base();
    packet.stream_index(stream);
    packet.pts(av_rescale_q(packet.pts(), from, to));
    packet.dts(av_rescale_q(packet.dts(), from, to));
    packet.duration(av_rescale_q(packet.duration(), from, to));
    int r = av_interleaved_write_frame(ctx, packet);
    av_packet_unref(packet);
    if (r < 0) {
      throw new IOException("cannot write a packet to " + file + ": " + FfmpegErrors.text(r));
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    int r = 0;
    try {
      if (headerWritten) {
        r = av_write_trailer(ctx);
      }
    } finally {
      if ((ctx.oformat().flags() & AVFMT_NOFILE) == 0) {
        avio_closep(ctx.pb());
      }
      avformat_free_context(ctx);
      av_packet_free(pkt);
    }
    if (r < 0) {
      throw new IOException("cannot finish " + file + ": " + FfmpegErrors.text(r));
    }
  }
}
