package io.tapline.compositor.compose;

import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.tapline.compositor.codec.EncodedFrame;
import io.tapline.compositor.media.FfmpegErrors;
import io.tapline.compositor.timeline.MuteIntervals;
import io.tapline.compositor.timeline.RecordingTimeline;
import io.tapline.compositor.track.LoadedTrack;
import io.tapline.compositor.track.SkipLog;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Decodes one audio track to mono 48 kHz float, placed on the output timeline by its RTP
 * timestamps: a packet lands at the sample its timestamp maps to (consecutive packets snap
 * together, so clock rounding never adds clicks), gaps stay silent, paused spans are cut.
 */
final class AudioTrackDecoder implements AutoCloseable {
  /** Decoded samples starting at an output sample index. */
  private record Chunk(long start, float[] samples) {
    long end() {
      return start + samples.length;
    }
  }

  private static final int SNAP = 48; // 1 ms

  private final LoadedTrack track;
  private final List<EncodedFrame> frames;
  private final RecordingTimeline timeline;
  private final MuteIntervals mutes;
  private final SkipLog skips;
  private final AVCodecContext ctx;
  private final AVPacket pkt = av_packet_alloc();
  private final AVFrame decoded = av_frame_alloc();
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private int next;
  private long expected = Long.MIN_VALUE;
  private long cut;
  private long muted;
  private boolean closed;

  /** @param mutes intervals to leave out of the mix, or null to mix everything */
  AudioTrackDecoder(LoadedTrack track, RecordingTimeline timeline, MuteIntervals mutes, SkipLog skips)
      throws IOException {
    this.track = track;
    this.frames = track.frames();
    this.timeline = timeline;
    this.mutes = mutes;
    this.skips = skips;
    AVCodec codec = avcodec_find_decoder(track.codec().ffmpegCodecId());
    if (codec == null || codec.isNull()) {
      throw new IOException("no FFmpeg decoder for " + track.codec().name());
    }
    ctx = avcodec_alloc_context3(codec);
    ctx.sample_rate(48000);
    int channels = track.track().channels() == null ? 2 : track.track().channels();
    av_channel_layout_default(ctx.ch_layout(), channels);
    int r = avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
    if (r < 0) {
      throw new IOException("cannot open decoder " + track.codec().name() + ": " + FfmpegErrors.text(r));
    }
  }

  /** Adds this track's samples for output samples [start, start + out.length) into {@code out}. */
  void mixInto(float[] out, long start) throws IOException {
    long end = start + out.length;
    // decode only what reaches this window (plus a packet), so a late joiner is not decoded all at once
    while (next < frames.size() && outputSample(frames.get(next)) < end + 2 * 960) {
      decodeNext();
    }
    while (!chunks.isEmpty() && chunks.peekFirst().end() <= start) {
      chunks.pollFirst();
    }
    for (Chunk c : chunks) {
      if (c.start() >= end) {
        break;
      }
      long from = Math.max(start, c.start());
      long to = Math.min(end, c.end());
      for (long s = from; s < to; s++) {
        out[(int) (s - start)] += c.samples()[(int) (s - c.start())];
      }
    }
  }

  private long outputSample(EncodedFrame f) {
    return Math.round(timeline.outputMicros(track.wallMicros(f)) * 48_000.0 / 1_000_000.0);
  }

  private void decodeNext() throws IOException {
    EncodedFrame f = frames.get(next++);
    long wall = track.wallMicros(f);
    if (!timeline.isRecorded(wall)) {
      cut++;
      expected = Long.MIN_VALUE;
      return;
    }
    if (av_new_packet(pkt, f.data().length) < 0) {
      throw new IOException("out of memory");
    }
    pkt.data().put(f.data());
    int r = avcodec_send_packet(ctx, pkt);
    av_packet_unref(pkt);
    if (r < 0) {
      skips.add(track.id(), "audio.decode_error", 1, "decoder refused a packet: silence instead");
      return;
    }
    long pos = Math.round(timeline.outputMicros(wall) * 48_000.0 / 1_000_000.0);
    if (expected != Long.MIN_VALUE && Math.abs(pos - expected) <= SNAP) {
      pos = expected;
    }
    boolean isMuted = mutes != null && mutes.isMuted(track.id(), wall);
    while (avcodec_receive_frame(ctx, decoded) >= 0) {
      int n = decoded.nb_samples();
      float[] mono = toMono(decoded, n);
      av_frame_unref(decoded);
      if (isMuted) {
        muted++;
      } else {
        chunks.addLast(new Chunk(pos, mono));
      }
      pos += n;
    }
    expected = pos;
  }

  private static float[] toMono(AVFrame f, int n) {
    int channels = f.ch_layout().nb_channels();
    float[] mono = new float[n];
    float[] ch = new float[n * (f.format() == AV_SAMPLE_FMT_FLT ? channels : 1)];
    if (f.format() == AV_SAMPLE_FMT_FLTP) {
      for (int c = 0; c < channels; c++) {
        new FloatPointer(f.data(c)).get(ch, 0, n);
        for (int i = 0; i < n; i++) {
          mono[i] += ch[i] / channels;
        }
      }
    } else if (f.format() == AV_SAMPLE_FMT_FLT) {
      new FloatPointer(f.data(0)).get(ch, 0, ch.length);
      for (int i = 0; i < n; i++) {
        float s = 0;
        for (int c = 0; c < channels; c++) {
          s += ch[i * channels + c];
        }
        mono[i] = s / channels;
      }
    }
    return mono;
  }

  long cutPackets() {
    return cut;
  }

  long mutedFrames() {
    return muted;
  }

  String trackId() {
    return track.id();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      avcodec_free_context(ctx);
      av_packet_free(pkt);
      av_frame_free(decoded);
    }
  }
}
