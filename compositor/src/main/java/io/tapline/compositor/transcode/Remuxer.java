package io.tapline.compositor.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;

import io.tapline.compositor.media.AvDemuxer;
import io.tapline.compositor.media.AvMuxer;
import io.tapline.compositor.media.FfmpegErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;

/**
 * Copies streams of a file into another container without decoding them (libavformat only):
 * packets keep their bytes and timestamps. Used where the codecs already fit the target (AAC from
 * an MP4 into M4A, H.264/AAC into HLS).
 */
public final class Remuxer {
  private Remuxer() {}

  /**
   * @param video copy the first video stream
   * @param audio copy the first audio stream
   * @param muxer FFmpeg muxer name ({@code ipod}, {@code hls}, ...)
   * @param options muxer options
   * @return packets written
   */
  public static long remux(Path in, boolean video, boolean audio, Path out, String muxer,
      Map<String, String> options) throws IOException {
    return remux(in, video, audio, out, muxer, options, false);
  }

  /**
   * As {@link #remux(Path, boolean, boolean, Path, String, Map)}; with {@code
   * retimeAudioDurations} each audio packet's duration is set to the gap to the next one (the
   * last keeps the gap before it), for inputs whose stored durations are wrong.
   */
  public static long remux(Path in, boolean video, boolean audio, Path out, String muxer,
      Map<String, String> options, boolean retimeAudioDurations) throws IOException {
    try (AvDemuxer src = AvDemuxer.open(in)) {
      int[] map = new int[src.context().nb_streams()];
      java.util.Arrays.fill(map, -1);
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.deleteIfExists(out);
      long written = 0;
      try (AvMuxer dst = AvMuxer.open(out, muxer)) {
        int next = 0;
        for (int index : new int[] {video ? src.videoStream() : -1,
            audio ? src.audioStream() : -1}) {
          if (index < 0) {
            continue;
          }
          AVStream from = src.stream(index);
          AVStream to = dst.addStream(from.time_base());
          int r = avcodec_parameters_copy(to.codecpar(), from.codecpar());
          if (r < 0) {
            throw new IOException("cannot copy stream parameters: " + FfmpegErrors.text(r));
          }
          to.codecpar().codec_tag(0); // let the muxer choose its own tag for the codec
          if (from.avg_frame_rate().num() > 0) {
            to.avg_frame_rate(from.avg_frame_rate());
          }
          map[index] = next++;
        }
        if (next == 0) {
          throw new IOException(in + " has none of the streams to copy");
        }
        dst.writeHeader(options);
        int audioIn = src.audioStream();
        AVPacket held = av_packet_alloc(); // the audio packet waiting for the next one's time
        boolean holding = false;
        long gap = 0;
        try {
          for (AVPacket p = src.next(); p != null; p = src.next()) {
            int target = map[p.stream_index()];
            if (target < 0) {
              continue;
            }
            p.pos(-1);
            if (retimeAudioDurations && p.stream_index() == audioIn) {
              if (holding) {
                gap = p.pts() - held.pts();
                held.duration(gap);
                dst.writeOwned(target, held);
                written++;
              }
              av_packet_ref(held, p);
              holding = true;
              continue;
            }
            dst.writeOwned(target, p);
            written++;
          }
          if (holding) {
            held.duration(gap);
            dst.writeOwned(map[audioIn], held);
            written++;
          }
        } finally {
          av_packet_free(held);
        }
      }
      return written;
    }
  }
}
