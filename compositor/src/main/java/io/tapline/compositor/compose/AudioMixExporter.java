package io.tapline.compositor.compose;

import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.tapline.compositor.media.AudioEncoder;
import io.tapline.compositor.media.AvMuxer;
import io.tapline.compositor.timeline.MuteIntervals;
import io.tapline.compositor.timeline.RecordingTimeline;
import io.tapline.compositor.track.LoadedRecording;
import io.tapline.compositor.track.LoadedTrack;
import io.tapline.compositor.track.Skip;
import io.tapline.compositor.track.SkipLog;
import io.tapline.compositor.transcode.AudioFormat;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio of a recording without its video: every audio track decoded, placed on the
 * recording's output timeline (the same as a composition's: time 0 = recording start, pauses
 * cut) and mixed with the composition's limiter, into stereo M4A/AAC or Ogg/Opus. Muted tracks are
 * left out as in a composition.
 */
public final class AudioMixExporter {
  private static final Logger log = LoggerFactory.getLogger(AudioMixExporter.class);

  /**
   * @param output the file, or null when the recording has no decodable audio
   * @param tracks the audio tracks mixed
   * @param durationMicros the file's length (the recording minus pauses)
   */
  public record Report(Path output, String codec, List<String> tracks, long durationMicros,
      List<Skip> skips) {}

  public Report export(RecordingDirectory dir, AudioFormat format, Path out) throws IOException {
    LoadedRecording rec = LoadedRecording.load(dir);
    SkipLog skips = new SkipLog();
    rec.skips().entries().forEach(s -> skips.add(s.trackId(), s.reason(), s.count(), s.detail()));
    RecordingTimeline timeline = rec.timeline();
    List<LoadedTrack> audioTracks = rec.tracks().stream().filter(t -> !t.codec().isVideo())
        .toList();
    if (audioTracks.isEmpty()) {
      skips.add(null, "audio.no_track", 1, "no decodable audio track: no file written");
      return new Report(null, null, List.of(), 0, skips.entries());
    }
    long totalSamples = timeline.durationMicros() * AudioEncoder.SAMPLE_RATE / 1_000_000L;
    MuteIntervals mutes = new MuteIntervals(rec.events());
    Files.deleteIfExists(out);
    List<AudioTrackDecoder> decoders = new ArrayList<>();
    String codec;
    try (AvMuxer mux = AvMuxer.open(out, format.muxer());
        AudioEncoder encoder = AudioEncoder.open(format.encoder(), 2, format.bitrate(), true)) {
      for (LoadedTrack t : audioTracks) {
        decoders.add(new AudioTrackDecoder(t, timeline, mutes, skips));
      }
      encoder.copyParametersTo(mux.addStream(av_make_q(1, AudioEncoder.SAMPLE_RATE)).codecpar());
      mux.writeHeader(format == AudioFormat.M4A_AAC ? Map.of("movflags", "+faststart") : Map.of());
      codec = encoder.context().codec().name().getString();
      AudioMixer limiter = new AudioMixer();
      int n = encoder.frameSize();
      float[] mix = new float[n];
      float[][] planes = new float[2][n];
      for (long at = 0; at < totalSamples; at += n) {
        Arrays.fill(mix, 0f);
        for (AudioTrackDecoder d : decoders) {
          d.mixInto(mix, at);
        }
        if (at + n > totalSamples) {
          Arrays.fill(mix, (int) (totalSamples - at), n, 0f);
        }
        limiter.limit(mix);
        System.arraycopy(mix, 0, planes[0], 0, n);
        System.arraycopy(mix, 0, planes[1], 0, n);
        encoder.encode(planes, at, p -> mux.writeOwned(0, p));
      }
      encoder.flush(p -> mux.writeOwned(0, p));
    } finally {
      decoders.forEach(AudioTrackDecoder::close);
    }
    for (AudioTrackDecoder d : decoders) {
      skips.add(d.trackId(), "media.not_recorded", d.cutPackets(),
          "packets in paused intervals or outside start-stop (cut)");
      skips.add(d.trackId(), "audio.muted", d.mutedFrames(),
          "frames of a muted track left out of the mix");
    }
    List<String> ids = audioTracks.stream().map(LoadedTrack::id).toList();
    log.info("mixed audio tracks {} into {} ({})", ids, out, codec);
    return new Report(out, codec, ids, timeline.durationMicros(), skips.entries());
  }
}
