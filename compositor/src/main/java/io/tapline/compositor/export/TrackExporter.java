package io.tapline.compositor.export;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.tapline.compositor.codec.EncodedFrame;
import io.tapline.compositor.codec.OpusCodec;
import io.tapline.compositor.media.AvMuxer;
import io.tapline.compositor.timeline.RecordingTimeline;
import io.tapline.compositor.track.LoadedRecording;
import io.tapline.compositor.track.LoadedTrack;
import io.tapline.compositor.track.SkipLog;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one track of a recording to a standard file without re-encoding: VP8, VP9 and AV1 to
 * WebM (AV1 also to MP4 when asked for by the file name), H.264 to MP4, Opus to Ogg (or WebM). Times come from the track's RTP timestamps through its clock, on the recording's
 * output timeline (time 0 = recording start, pauses cut), so every exported file of a recording
 * lines up: video starts at its first keyframe and its start time says where; audio starts at 0
 * with silence where nobody sent anything.
 */
public final class TrackExporter {
  private static final Logger log = LoggerFactory.getLogger(TrackExporter.class);

  /** Exports {@code trackId}; the container follows the extension of {@code out} when it can hold the codec. */
  public ExportReport export(RecordingDirectory dir, String trackId, Path out) throws IOException {
    LoadedRecording rec = LoadedRecording.load(dir, t -> t.trackId().equals(trackId));
    SkipLog skips = new SkipLog();
    rec.skips().entries().stream().filter(s -> s.trackId() == null || s.trackId().equals(trackId))
        .forEach(s -> skips.add(s.trackId(), s.reason(), s.count(), s.detail()));
    var track = rec.track(trackId);
    if (track.isEmpty()) {
      if (rec.manifest().track(trackId).isEmpty()) {
        skips.add(trackId, "track.unknown", 1, "no such track in the manifest");
      }
      String codec = rec.manifest().track(trackId).map(t -> t.codec()).orElse(null);
      return new ExportReport(trackId, null, codec, null, 0, 0, 0, skips.entries());
    }
    return write(rec.timeline(), track.get(), out, skips);
  }

  /** Exports every track of a recording into {@code outDir} as {@code {trackId}.{ext}}. */
  public List<ExportReport> exportAll(RecordingDirectory dir, Path outDir) throws IOException {
    LoadedRecording rec = LoadedRecording.load(dir);
    Files.createDirectories(outDir);
    List<ExportReport> reports = new ArrayList<>();
    for (var mt : rec.manifest().tracks()) {
      SkipLog skips = new SkipLog();
      rec.skips().entries().stream().filter(s -> mt.trackId().equals(s.trackId()))
          .forEach(s -> skips.add(s.trackId(), s.reason(), s.count(), s.detail()));
      var track = rec.track(mt.trackId());
      if (track.isEmpty()) {
        reports.add(new ExportReport(mt.trackId(), null, mt.codec(), null, 0, 0, 0, skips.entries()));
        continue;
      }
      Path out = outDir.resolve(mt.trackId() + "." + track.get().codec().exportExtension());
      reports.add(write(rec.timeline(), track.get(), out, skips));
    }
    return reports;
  }

  private ExportReport write(RecordingTimeline timeline, LoadedTrack track, Path out, SkipLog skips) throws IOException {
    String format = formatFor(track, out);
    boolean video = track.codec().isVideo();
    long micros = 1_000_000L;
    // Matroska counts milliseconds; Ogg and others count samples for audio
    int tbDen = format.equals("webm") || format.equals("matroska") ? 1000 : video ? 90000 : 48000;
    AVRational tb = av_make_q(1, tbDen);
    long frames = 0;
    long first = Long.MIN_VALUE;
    long end = 0;
    long paused = 0;
    Files.deleteIfExists(out);
    try (AvMuxer mux = AvMuxer.open(out, format)) {
      var st = mux.addStream(tb);
      AVCodecParameters par = st.codecpar();
      par.codec_id(track.codec().ffmpegCodecId());
      if (video) {
        EncodedFrame key = track.frames().get(0);
        par.codec_type(AVMEDIA_TYPE_VIDEO);
        par.width(key.width() > 0 ? key.width() : 640);
        par.height(key.height() > 0 ? key.height() : 480);
        byte[] config = track.codec().extradata(track.frames());
        if (config != null) {
          setExtradata(par, config);
        }
      } else {
        int channels = track.track().channels() == null ? 2 : track.track().channels();
        par.codec_type(AVMEDIA_TYPE_AUDIO);
        par.sample_rate(48000);
        av_channel_layout_default(par.ch_layout(), channels);
        setExtradata(par, OpusSilence.opusHead(channels));
      }
      mux.writeHeader(Map.of());
      long nextAudio = 0; // in 1/48000 s: end of the audio written so far
      List<EncodedFrame> all = track.frames();
      long lastInterval = 0;
      long lastPts = Long.MIN_VALUE;
      for (int i = 0; i < all.size(); i++) {
        EncodedFrame f = all.get(i);
        long wall = track.wallMicros(f);
        if (!timeline.isRecorded(wall)) {
          paused++;
          continue;
        }
        long t = timeline.outputMicros(wall);
        if (video) {
          long pts = t * tbDen / micros;
          if (first != Long.MIN_VALUE && pts <= lastPts) {
            pts = lastPts + 1; // two pictures in one tick of the container: keep order
          }
          lastPts = pts;
          if (first == Long.MIN_VALUE) {
            first = t;
          }
          // a picture lasts until the next one, so the file's length includes the last picture
          long interval = i + 1 < all.size() ? track.wallMicros(all.get(i + 1)) - wall : lastInterval;
          lastInterval = interval;
          long dur = Math.max(1, interval * tbDen / micros);
          mux.write(0, f.data(), pts, pts, dur, f.keyframe());
          end = pts + dur;
        } else {
          long sample = Math.round(t * 48000.0 / micros);
          // silence from the end of the previous packet (or time 0) up to this one: 20 ms packets, then
          // 10, 5 and 2.5 ms ones, so the packet lands within 2.5 ms of its time and the stream has no
          // hole (an Ogg player plays packets back to back: a hole would pull everything after it early)
          while (sample - nextAudio >= OpusSilence.MIN_SAMPLES) {
            int fill = OpusSilence.fillSamples(sample - nextAudio);
            writeAudio(mux, OpusSilence.packet(fill), nextAudio, fill, tbDen);
            nextAudio += fill;
            frames++;
          }
          if (first == Long.MIN_VALUE) {
            first = 0;
          }
          int n = OpusCodec.samplesPerPacket(f.data());
          long at = nextAudio; // within 2.5 ms before its time, or late after an overlapping packet
          if (at - sample >= n) {
            skips.add(track.id(), "audio.overlapping_packet", 1, "packet overlaps the previous one");
            continue;
          }
          writeAudio(mux, f.data(), at, n, tbDen);
          nextAudio = at + n;
        }
        frames++;
      }
      if (!video) {
        end = nextAudio * tbDen / 48000;
      }
    }
    skips.add(track.id(), "media.not_recorded", paused, "frames in paused intervals or outside start-stop (cut)");
    if (frames == 0) {
      Files.deleteIfExists(out);
      skips.add(track.id(), "track.nothing_recorded", 1, "no frame inside the recorded intervals");
      return new ExportReport(track.id(), null, track.codec().name(), track.clock().source(), 0, 0, 0, skips.entries());
    }
    long start = first;
    long duration = end * micros / tbDen - start;
    log.info("exported {} ({}, {} frames, timing {}) to {}", track.id(), track.codec().name(), frames,
        track.clock().source(), out);
    return new ExportReport(track.id(), out, track.codec().name(), track.clock().source(), start, duration, frames,
        skips.entries());
  }

  /** Codec configuration owned by {@code par} (freed with it), zero-padded as libavcodec requires. */
  private static void setExtradata(AVCodecParameters par, byte[] data) {
    BytePointer extra = new BytePointer(av_malloc(data.length + 64)).capacity(data.length + 64);
    extra.zero();
    extra.put(data);
    par.extradata(extra);
    par.extradata_size(data.length);
  }

  private static void writeAudio(AvMuxer mux, byte[] data, long sample, int n, int tbDen) throws IOException {
    long pts = sample * tbDen / 48000;
    long dur = (long) n * tbDen / 48000;
    mux.write(0, data, pts, pts, dur, true);
  }

  private static String formatFor(LoadedTrack track, Path out) {
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    boolean video = track.codec().isVideo();
    boolean webmCodec = track.codec().exportFormat().equals("webm") || !video;
    return switch (ext) {
      case "webm" -> webmCodec ? "webm" : track.codec().exportFormat(); // WebM holds no H.264
      case "mkv" -> "matroska";
      case "mp4" -> video && track.codec().fitsMp4() ? "mp4" : track.codec().exportFormat();
      case "ogg", "opus" -> video ? track.codec().exportFormat() : "ogg";
      default -> track.codec().exportFormat();
    };
  }
}
