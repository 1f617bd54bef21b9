package io.tapline.compositor.compose;

import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.tapline.compositor.media.AudioEncoder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one Opus-in-Ogg file with one channel per speaker (participant with audio), all on the
 * recording's output timeline (time 0 = recording start, pauses cut, silence where a speaker sent
 * nothing), for transcription and per-speaker editing. Channels are independent Opus streams
 * (libopus channel mapping family 255), so no speaker leaks into another's channel; a speaker with
 * several audio tracks gets them mixed into one channel. Mute events are ignored: the file keeps
 * what was sent.
 */
public final class SpeakerChannelsExporter {
  private static final Logger log = LoggerFactory.getLogger(SpeakerChannelsExporter.class);
  /** Opus bitrate per channel: speech. */
  private static final long BITS_PER_CHANNEL = 32_000;

  /**
   * What was written.
   *
   * @param output the file, or null when the recording has no decodable audio
   * @param speakers participant ids, in channel order
   * @param durationMicros the file's length (the recording minus pauses)
   */
  public record Report(Path output, List<String> speakers, long durationMicros, List<io.tapline.compositor.track.Skip> skips) {}

  public Report export(RecordingDirectory dir, Path out) throws IOException {
    LoadedRecording rec = LoadedRecording.load(dir);
    SkipLog skips = new SkipLog();
    rec.skips().entries().forEach(s -> skips.add(s.trackId(), s.reason(), s.count(), s.detail()));
    RecordingTimeline timeline = rec.timeline();
    Map<String, List<LoadedTrack>> bySpeaker = new LinkedHashMap<>();
    for (LoadedTrack t : rec.tracks()) {
      if (!t.codec().isVideo()) {
        String who = t.track().participantId() == null ? t.id() : t.track().participantId();
        bySpeaker.computeIfAbsent(who, k -> new ArrayList<>()).add(t);
      }
    }
    if (bySpeaker.isEmpty()) {
      skips.add(null, "audio.no_speaker", 1, "no decodable audio track: no file written");
      return new Report(null, List.of(), 0, skips.entries());
    }
    List<String> speakers = List.copyOf(bySpeaker.keySet());
    int channels = speakers.size();
    long totalSamples = timeline.durationMicros() * AudioEncoder.SAMPLE_RATE / 1_000_000L;
    Files.deleteIfExists(out);
    List<List<AudioTrackDecoder>> decoders = new ArrayList<>();
    try (AvMuxer mux = AvMuxer.open(out, "ogg");
        AudioEncoder encoder = AudioEncoder.open("libopus", channels, BITS_PER_CHANNEL * channels, true,
            Map.of("mapping_family", "255"))) {
      for (String who : speakers) {
        List<AudioTrackDecoder> group = new ArrayList<>();
        decoders.add(group);
        for (LoadedTrack t : bySpeaker.get(who)) {
          group.add(new AudioTrackDecoder(t, timeline, null, skips));
        }
      }
      encoder.copyParametersTo(mux.addStream(av_make_q(1, AudioEncoder.SAMPLE_RATE)).codecpar());
      mux.writeHeader(Map.of());
      int n = encoder.frameSize();
      float[][] planes = new float[channels][n];
      for (long at = 0; at < totalSamples; at += n) {
        for (int c = 0; c < channels; c++) {
          java.util.Arrays.fill(planes[c], 0f);
          for (AudioTrackDecoder d : decoders.get(c)) {
            d.mixInto(planes[c], at);
          }
          if (at + n > totalSamples) {
            // the last frame reaches past the end: silence there
            java.util.Arrays.fill(planes[c], (int) (totalSamples - at), n, 0f);
          }
          for (int i = 0; i < n; i++) {
            planes[c][i] = Math.max(-1f, Math.min(1f, planes[c][i]));
          }
        }
        encoder.encode(planes, at, p -> mux.writeOwned(0, p));
      }
      encoder.flush(p -> mux.writeOwned(0, p));
    } finally {
      decoders.forEach(g -> g.forEach(AudioTrackDecoder::close));
    }
    for (List<AudioTrackDecoder> g : decoders) {
      for (AudioTrackDecoder d : g) {
        skips.add(d.trackId(), "media.not_recorded", d.cutPackets(), "packets in paused intervals or outside start-stop (cut)");
      }
    }
    log.info("wrote {} speaker channels {} to {}", channels, speakers, out);
    return new Report(out, speakers, timeline.durationMicros(), skips.entries());
  }
}
