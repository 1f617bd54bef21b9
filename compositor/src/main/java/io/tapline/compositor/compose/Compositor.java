package io.tapline.compositor.compose;

import io.tapline.compositor.codec.EncodedFrame;
import io.tapline.compositor.layout.Layout;
import io.tapline.compositor.layout.LayoutInput;
import io.tapline.compositor.layout.Region;
import io.tapline.compositor.timeline.MuteIntervals;
import io.tapline.compositor.timeline.RecordingTimeline;
import io.tapline.compositor.timeline.Scene;
import io.tapline.compositor.timeline.SceneTimeline;
import io.tapline.compositor.timeline.TrackInfo;
import io.tapline.compositor.track.LoadedRecording;
import io.tapline.compositor.track.LoadedTrack;
import io.tapline.compositor.track.SkipLog;
import io.tapline.compositor.track.TimingSource;
import io.tapline.pipeline.manifest.ManifestTrack;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes a recording into one video: decodes every track, places it on the recording's output
 * timeline (sender reports, else arrival times), lays the visible tiles out per the scene at each
 * output picture, mixes the audio and encodes. Source (decoders) -> builder (canvas + mixer) ->
 * sink (encoders + muxer).
 */
public final class Compositor {
  private static final Logger log = LoggerFactory.getLogger(Compositor.class);

  public CompositionReport compose(RecordingDirectory dir, CompositionSpec spec, Path out, ProgressListener progress)
      throws IOException {
    long started = System.nanoTime();
    LoadedRecording rec = LoadedRecording.load(dir);
    log.debug("loaded {} tracks in {} ms", rec.tracks().size(), (System.nanoTime() - started) / 1_000_000);
    SkipLog skips = new SkipLog();
    rec.skips().entries().forEach(s -> skips.add(s.trackId(), s.reason(), s.count(), s.detail()));
    RecordingTimeline timeline = rec.timeline();
    Layout layout = spec.createLayout();
    SceneTimeline scenes = SceneTimeline.build(timeline.startMicros(), timeline.endMicros(), trackInfos(rec),
        rec.events(), spec.dwellMicros());
    MuteIntervals mutes = spec.excludeMutedAudio() ? new MuteIntervals(rec.events()) : null;
    Map<String, TimingSource> timing = new LinkedHashMap<>();
    for (LoadedTrack t : rec.tracks()) {
      timing.put(t.id(), t.clock().source());
      if (t.clock().source() == TimingSource.ARRIVAL_TIMES) {
        log.warn("track {} has no sender report: placed by arrival times (no lip sync guarantee)", t.id());
      }
    }
    long duration = timeline.durationMicros();
    long totalFrames = duration * spec.fps() / 1_000_000L;
    if (totalFrames == 0) {
      throw new IOException("nothing to compose: the recording has no unpaused time");
    }
    long framesDone = 0;
    Map<String, VideoTrackDecoder> video = new HashMap<>();
    // tracks decode in parallel with each other (each decoder is used by one task at a time)
    ExecutorService decodePool = Executors.newFixedThreadPool(
        Math.max(1, Math.min(rec.tracks().size(), Runtime.getRuntime().availableProcessors())), r -> {
          Thread t = new Thread(r, "compositor-decode");
          t.setDaemon(true);
          return t;
        });
    List<AudioTrackDecoder> audio = new ArrayList<>();
    try (Canvas canvas = new Canvas(spec.width(), spec.height());
        PlaceholderTiles placeholders = new PlaceholderTiles();
        EncodedFileSink sink = EncodedFileSink.open(spec, out)) {
      for (LoadedTrack t : rec.tracks()) {
        if (t.codec().isVideo()) {
          video.put(t.id(), new VideoTrackDecoder(t, skips));
        } else {
          audio.add(new AudioTrackDecoder(t, timeline, mutes, skips));
        }
      }
      AudioMixer mixer = new AudioMixer();
      int aframe = sink.audioFrameSize();
      long totalSamples = duration * 48 / 1000;
      long audioDone = 0;
      float[] mix = new float[aframe];
      float[][] planes = new float[sink.audioChannels()][aframe];
      Map<Scene, List<Region>> layoutCache = new HashMap<>();
      long lastReport = 0;
      long halfFrame = 500_000L / spec.fps();
      long drawNanos = 0;
      long encodeNanos = 0;
      long audioNanos = 0;
      long setupNanos = System.nanoTime() - started;
      for (long i = 0; i < totalFrames; i++) {
        long outMicros = i * 1_000_000L / spec.fps();
        long wall = timeline.wallMicros(outMicros);
        Scene scene = scenes.at(wall);
        List<Region> regions = layoutCache.computeIfAbsent(scene, s -> sorted(layout.regions(
            new LayoutInput(outMicros, spec.width(), spec.height(), s.tiles(), s.activeSpeakerId()))));
        // advance every decoder, shown or not, so that references stay whole
        // the picture nearest the output instant: sampling errs by half a frame either way, not a whole one late
        Map<String, AVFrame> pictures = decodeAll(video.values(), wall + halfFrame, decodePool);
        long t1 = System.nanoTime();
        canvas.clear();
        for (Region r : regions) {
          AVFrame pic = r.tile().videoTrackId() == null ? null : pictures.get(r.tile().videoTrackId());
          if (pic != null) {
            canvas.draw(r.tile().videoTrackId(), pic, r, true);
          } else {
            canvas.draw("placeholder", placeholders.tile(r.tile().name(), r.width(), r.height()), r, false);
          }
        }
        long t2 = System.nanoTime();
        sink.writeVideo(canvas.frame(), i);
        long t3 = System.nanoTime();
        drawNanos += t2 - t1;
        encodeNanos += t3 - t2;
        framesDone++;
        // audio up to the end of this picture
        long audioUntil = Math.min(totalSamples, (i + 1) * 48_000L / spec.fps());
        while (audioDone < audioUntil) {
          java.util.Arrays.fill(mix, 0f);
          for (AudioTrackDecoder d : audio) {
            d.mixInto(mix, audioDone);
          }
          mixer.limit(mix);
          for (float[] p : planes) {
            System.arraycopy(mix, 0, p, 0, aframe);
          }
          sink.writeAudio(planes, audioDone);
          audioDone += aframe;
        }
        audioNanos += System.nanoTime() - t3;
        if (outMicros - lastReport >= 1_000_000L || i == totalFrames - 1) {
          lastReport = outMicros;
          double elapsed = (System.nanoTime() - started) / 1e9;
          progress.onProgress((i + 1) / (double) totalFrames, elapsed == 0 ? 0 : outMicros / 1e6 / elapsed);
        }
      }
      for (AudioTrackDecoder d : audio) {
        skips.add(d.trackId(), "media.not_recorded", d.cutPackets(), "packets in paused intervals or outside start-stop (cut)");
        skips.add(d.trackId(), "audio.muted", d.mutedFrames(), "frames of a muted track left out of the mix");
      }
      log.debug("time: setup {} ms, draw {} ms, video encode {} ms, audio {} ms", setupNanos / 1_000_000,
          drawNanos / 1_000_000, encodeNanos / 1_000_000, audioNanos / 1_000_000);
      String videoCodec = sink.videoCodec();
      String audioCodec = sink.audioCodec();
      sink.close();
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000L;
      CompositionReport report = new CompositionReport(out, videoCodec, audioCodec, spec.width(),
          spec.height(), spec.fps(), totalFrames * 1_000_000L / spec.fps(), framesDone, timing, skips.entries(),
          elapsedMillis, scenes.changeTimes().length - 1);
      log.info("composed {} frames ({} s) in {} ms, {}x real time; skipped: {}", framesDone, duration / 1e6,
          elapsedMillis, String.format("%.2f", report.speed()), report.skips());
      return report;
    } finally {
      decodePool.shutdownNow();
      video.values().forEach(VideoTrackDecoder::close);
      audio.forEach(AudioTrackDecoder::close);
    }
  }

  private static Map<String, AVFrame> decodeAll(Collection<VideoTrackDecoder> decoders, long wall,
      ExecutorService pool) throws IOException {
    Map<String, Future<AVFrame>> futures = new HashMap<>();
    for (VideoTrackDecoder d : decoders) {
      futures.put(d.trackId(), pool.submit(() -> d.pictureAt(wall)));
    }
    Map<String, AVFrame> pictures = new HashMap<>();
    for (var e : futures.entrySet()) {
      try {
        pictures.put(e.getKey(), e.getValue().get());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while decoding", ex);
      } catch (ExecutionException ex) {
        throw ex.getCause() instanceof IOException io ? io : new IOException("decoding failed", ex.getCause());
      }
    }
    return pictures;
  }

  private static List<Region> sorted(List<Region> regions) {
    return regions.stream().sorted(Comparator.comparingInt(Region::z)).toList();
  }

  private static List<TrackInfo> trackInfos(LoadedRecording rec) {
    List<TrackInfo> out = new ArrayList<>();
    for (ManifestTrack mt : rec.manifest().tracks()) {
      var loaded = rec.track(mt.trackId());
      boolean screen = "screen".equals(mt.source());
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      if (loaded.isPresent()) {
        List<EncodedFrame> f = loaded.get().frames();
        first = loaded.get().wallMicros(f.get(0));
        last = loaded.get().wallMicros(f.get(f.size() - 1));
      } else if (!mt.segments().isEmpty()) {
        first = mt.segments().get(0).firstArrivalMicros();
        last = mt.segments().get(mt.segments().size() - 1).lastArrivalMicros();
      }
      if (mt.participantId() == null) {
        continue;
      }
      out.add(new TrackInfo(mt.trackId(), mt.participantId(), mt.participantName(), mt.isVideo(), screen,
          loaded.isPresent() && mt.isVideo(), first, last));
    }
    return out;
  }
}
