package io.tapline.compositor.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.compose.ProgressListener;
import io.tapline.compositor.media.AvDemuxer;
import io.tapline.compositor.media.MediaInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an existing video (a composition) into another container, codec, size or bitrate, and
 * takes the audio out of one. In the JVM through FFmpeg: demuxer and decoders (libavformat,
 * libavcodec), scaling (libswscale) and resampling (libswresample), encoders and muxer; pictures
 * and samples stay in native buffers. When the codecs already match (and the size is kept and no
 * bitrate is asked) the streams are copied instead, which loses nothing and takes a moment.
 */
public final class Transcoder {
  private static final Logger log = LoggerFactory.getLogger(Transcoder.class);

  /** Probes a media file. */
  public static MediaInfo probe(Path file) throws IOException {
    try (AvDemuxer d = AvDemuxer.open(file)) {
      return d.info();
    }
  }

  public TranscodeReport transcode(Path in, TranscodeSpec spec, Path out,
      ProgressListener progress) throws IOException {
    long started = System.nanoTime();
    MediaInfo src = probe(in);
    if (!src.hasVideo()) {
      throw new IOException(in + " has no video stream to transcode");
    }
    int[] size = spec.outputSize(src.width(), src.height());
    OutputFormat f = spec.format();
    boolean copy = spec.videoBitrate() == 0 && spec.videoCodecName().equals(src.videoCodec())
        && size[0] == src.width() && size[1] == src.height()
        && (!src.hasAudio() || spec.audioCodecName().equals(src.audioCodec()));
    if (copy) {
      Remuxer.remux(in, true, true, out, f.muxer(),
          f == OutputFormat.MP4 ? Map.of("movflags", "+faststart") : Map.of());
      progress.onProgress(1, 0);
      return report(out, started, true);
    }
    requireEncoder(f.videoEncoder());
    requireEncoder(f.audioEncoder());
    Files.deleteIfExists(out);
    // JavaCV's recorder stores Opus packet durations in the codec's time base (960 samples) where
    // WebM wants milliseconds, so a 4 s file claims 4.9 s: WebM is encoded to a side file, then
    // remuxed with the audio durations taken from the packet times.
    boolean rewrap = f.muxer().equals("webm");
    Path encoded = rewrap ? out.resolveSibling(out.getFileName() + ".enc.webm") : out;
    long bitrate = spec.videoBitrate() > 0 ? spec.videoBitrate()
        : TranscodeSpec.DEFAULT_VIDEO_BITRATE;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in.toFile())) {
      grabber.setPixelFormat(AV_PIX_FMT_YUV420P);
      grabber.start();
      double fps = grabber.getFrameRate() > 0 && grabber.getFrameRate() <= 120
          ? grabber.getFrameRate() : 30;
      try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(encoded.toFile(), size[0], size[1],
          src.hasAudio() ? 2 : 0)) {
        rec.setFormat(f.muxer());
        rec.setVideoCodecName(f.videoEncoder());
        rec.setPixelFormat(AV_PIX_FMT_YUV420P);
        rec.setFrameRate(fps);
        rec.setGopSize((int) Math.round(fps * 2)); // a keyframe every 2 s: seekable, HLS-cuttable
        rec.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, bitrate));
        if (f.videoEncoder().startsWith("libvpx")) {
          rec.setVideoOption("deadline", "realtime");
          rec.setVideoOption("cpu-used", "8");
          rec.setVideoOption("lag-in-frames", "0");
        } else {
          rec.setVideoOption("preset", "veryfast");
        }
        if (src.hasAudio()) {
          rec.setAudioCodecName(f.audioEncoder());
          rec.setSampleRate(48_000);
          rec.setAudioBitrate(f.audioEncoder().equals("aac") ? 128_000 : 96_000);
        }
        if (f == OutputFormat.MP4) {
          rec.setOption("movflags", "+faststart");
        }
        rec.start();
        pump(grabber, rec, src.durationMicros(), progress, true);
        rec.stop();
      }
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      throw new IOException("cannot transcode " + in + " to " + f + ": " + e.getMessage(), e);
    }
    if (rewrap) {
      try {
        Remuxer.remux(encoded, true, true, out, "webm", Map.of(), true);
      } finally {
        Files.deleteIfExists(encoded);
      }
    }
    TranscodeReport r = report(out, started, false);
    log.info("transcoded {} to {} {} {}x{} in {} ms ({}x real time)", in.getFileName(), out, f,
        r.width(), r.height(), r.elapsedMillis(), String.format("%.2f", r.speed()));
    return r;
  }

  /**
   * The audio of a video, alone: copied when its codec is the format's (AAC into M4A, Opus into
   * Ogg), else decoded and encoded.
   */
  public TranscodeReport extractAudio(Path in, AudioFormat format, Path out,
      ProgressListener progress) throws IOException {
    long started = System.nanoTime();
    MediaInfo src = probe(in);
    if (!src.hasAudio()) {
      throw new IOException(in + " has no audio stream");
    }
    if (format.codecName().equals(src.audioCodec())) {
      Remuxer.remux(in, false, true, out, format.muxer(), Map.of());
      progress.onProgress(1, 0);
      return report(out, started, true);
    }
    requireEncoder(format.encoder());
    Files.deleteIfExists(out);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in.toFile())) {
      grabber.start();
      try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), 0, 0, 2)) {
        rec.setFormat(format.muxer());
        rec.setAudioCodecName(format.encoder());
        rec.setSampleRate(48_000);
        rec.setAudioBitrate((int) format.bitrate());
        rec.start();
        pump(grabber, rec, src.durationMicros(), progress, false);
        rec.stop();
      }
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      throw new IOException("cannot extract the audio of " + in + " as " + format + ": "
          + e.getMessage(), e);
    }
    return report(out, started, false);
  }

  private static void pump(FFmpegFrameGrabber grabber, FFmpegFrameRecorder rec, long duration,
      ProgressListener progress, boolean video) throws IOException {
    long started = System.nanoTime();
    long lastReport = 0;
    for (Frame frame; (frame = video ? grabber.grabFrame(true, true, true, false)
        : grabber.grabSamples()) != null; ) {
      if (frame.image != null) {
        if (frame.timestamp > rec.getTimestamp()) {
          rec.setTimestamp(frame.timestamp); // keeps the source's timing across any gap
        }
        rec.record(frame, AV_PIX_FMT_YUV420P);
      } else if (frame.samples != null) {
        rec.record(frame);
      }
      if (duration > 0 && frame.timestamp - lastReport >= 1_000_000L) {
        lastReport = frame.timestamp;
        double elapsed = (System.nanoTime() - started) / 1e9;
        progress.onProgress(Math.min(1, frame.timestamp / (double) duration),
            elapsed == 0 ? 0 : frame.timestamp / 1e6 / elapsed);
      }
    }
    progress.onProgress(1, 0);
  }

  private static void requireEncoder(String name) throws IOException {
    var codec = avcodec_find_encoder_by_name(name);
    if (codec == null || codec.isNull()) {
      // FFmpeg would silently pick another codec for an unknown name
      throw new IOException("FFmpeg has no encoder named '" + name + "'");
    }
  }

  private static TranscodeReport report(Path out, long started, boolean copied)
      throws IOException {
    MediaInfo m = probe(out);
    return new TranscodeReport(out, m.videoCodec(), m.audioCodec(), m.width(), m.height(),
        m.durationMicros(), copied, (System.nanoTime() - started) / 1_000_000L);
  }
}
