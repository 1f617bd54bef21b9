package io.tapline.compositor.compose;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.tapline.compositor.codec.EncodedFrame;
import io.tapline.compositor.media.FfmpegErrors;
import io.tapline.compositor.track.LoadedTrack;
import io.tapline.compositor.track.SkipLog;
import java.io.IOException;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes one video track on demand: {@link #pictureAt} decodes every frame up to a wall-clock time
 * and returns the latest picture, so a gap in the track shows its last picture (frozen) rather
 * than anything else. Pictures stay in native memory.
 */
final class VideoTrackDecoder implements AutoCloseable {
  /** AV_FRAME_FLAG_CORRUPT (1 << 0, libavutil/frame.h): not exported as a constant by the bindings. */
  private static final int AV_FRAME_FLAG_CORRUPT = 1;

  private final LoadedTrack track;
  private final List<EncodedFrame> frames;
  private final long[] wall;
  private final AVCodecContext ctx;
  private final AVPacket pkt = av_packet_alloc();
  private final AVFrame decoded = av_frame_alloc();
  private final AVFrame current = av_frame_alloc();
  private final SkipLog skips;
  private boolean hasPicture;
  private int next;
  private boolean closed;

  VideoTrackDecoder(LoadedTrack track, SkipLog skips) throws IOException {
    this.track = track;
    this.frames = track.frames();
    this.skips = skips;
    this.wall = new long[frames.size()];
    for (int i = 0; i < wall.length; i++) {
      wall[i] = track.wallMicros(frames.get(i));
    }
    String name = track.codec().decoderName();
    AVCodec codec = name != null ? avcodec_find_decoder_by_name(name) : null;
    if (codec == null || codec.isNull()) {
      codec = avcodec_find_decoder(track.codec().ffmpegCodecId());
    }
    if (codec == null || codec.isNull()) {
      throw new IOException("no FFmpeg decoder for " + track.codec().name());
    }
    ctx = avcodec_alloc_context3(codec);
    ctx.thread_count(1); // the output encoder gets the cores; one decoder per track
    // real-time senders never reorder pictures (no H.264 B-frames): output each picture as it is decoded
    ctx.flags(ctx.flags() | AV_CODEC_FLAG_LOW_DELAY);
    int r = avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
    if (r < 0) {
      throw new IOException("cannot open decoder " + track.codec().name() + ": " + FfmpegErrors.text(r));
    }
  }

  String trackId() {
    return track.id();
  }

  /** The latest picture at or before {@code wallMicros}, or null before the first. */
  AVFrame pictureAt(long wallMicros) throws IOException {
    while (next < frames.size() && wall[next] <= wallMicros) {
      decode(frames.get(next));
      next++;
    }
    return hasPicture ? current : null;
  }

  private void decode(EncodedFrame f) throws IOException {
    if (av_new_packet(pkt, f.data().length) < 0) {
      throw new IOException("out of memory");
    }
    pkt.data().put(f.data());
    int r = avcodec_send_packet(ctx, pkt);
    av_packet_unref(pkt);
    if (r < 0) {
      skips.add(track.id(), "video.decode_error", 1, "decoder refused a picture: kept the previous one");
      return;
    }
    while (avcodec_receive_frame(ctx, decoded) >= 0) {
      if (decoded.decode_error_flags() != 0 || (decoded.flags() & AV_FRAME_FLAG_CORRUPT) != 0) {
        skips.add(track.id(), "video.corrupt_picture", 1, "decoder flagged a corrupt picture: kept the previous one");
        av_frame_unref(decoded);
        continue;
      }
      av_frame_unref(current);
      av_frame_move_ref(current, decoded);
      hasPicture = true;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      avcodec_free_context(ctx);
      av_packet_free(pkt);
      av_frame_free(decoded);
      av_frame_free(current);
    }
  }
}
