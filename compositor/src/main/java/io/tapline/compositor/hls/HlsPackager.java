package io.tapline.compositor.hls;

import io.tapline.compositor.compose.OutputFormat;
import io.tapline.compositor.compose.ProgressListener;
import io.tapline.compositor.media.MediaInfo;
import io.tapline.compositor.transcode.Remuxer;
import io.tapline.compositor.transcode.TranscodeSpec;
import io.tapline.compositor.transcode.Transcoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packages a video as HLS: a VOD media playlist ({@code index.m3u8}) and its segments ({@code
 * seg-00000.m4s} after {@code init.mp4}, or {@code seg-00000.ts}) in one directory, named
 * relative to the playlist. H.264 with AAC (or no audio) is copied packet for packet (libavformat's
 * hls muxer, which cuts at keyframes and converts H.264 to Annex B for TS); any other codec is
 * first transcoded to H.264/AAC. The directory should hold nothing else.
 */
public final class HlsPackager {
  private static final Logger log = LoggerFactory.getLogger(HlsPackager.class);
  public static final String PLAYLIST = "index.m3u8";
  public static final String INIT = "init.mp4";

  /**
   * What was written.
   *
   * @param files every file, the playlist first
   * @param copied whether the source's streams were copied (no re-encoding)
   */
  public record Report(Path playlist, List<Path> files, int segments, boolean copied,
      long elapsedMillis) {}

  private final Transcoder transcoder;

  public HlsPackager(Transcoder transcoder) {
    this.transcoder = transcoder;
  }

  public Report pack(Path video, HlsSpec spec, Path outDir, ProgressListener progress)
      throws IOException {
    long started = System.nanoTime();
    MediaInfo info = Transcoder.probe(video);
    if (!info.hasVideo()) {
      throw new IOException(video + " has no video stream to package");
    }
    boolean copy = "h264".equals(info.videoCodec())
        && (!info.hasAudio() || "aac".equals(info.audioCodec()));
    Files.createDirectories(outDir);
    clear(outDir);
    Path source = video;
    Path transcoded = null;
    if (!copy) {
      transcoded = outDir.resolveSibling(outDir.getFileName() + ".h264.mp4");
      log.info("{} is {}/{}: transcoding to H.264/AAC for HLS", video.getFileName(),
          info.videoCodec(), info.audioCodec());
      transcoder.transcode(video, new TranscodeSpec(OutputFormat.MP4, 0, 0, 0), transcoded,
          (f, s) -> progress.onProgress(f * 0.9, s));
      source = transcoded;
    }
    boolean fmp4 = spec.segments() == HlsSpec.SegmentType.FMP4;
    Map<String, String> opts = new java.util.HashMap<>();
    opts.put("hls_time", String.valueOf(spec.segmentSeconds()));
    opts.put("hls_playlist_type", "vod");
    opts.put("hls_segment_type", fmp4 ? "fmp4" : "mpegts");
    opts.put("hls_segment_filename",
        outDir.resolve("seg-%05d." + spec.segmentExtension()).toString());
    if (fmp4) {
      opts.put("hls_fmp4_init_filename", INIT);
    }
    Path playlist = outDir.resolve(PLAYLIST);
    try {
      Remuxer.remux(source, true, true, playlist, "hls", opts);
    } finally {
      if (transcoded != null) {
        Files.deleteIfExists(transcoded);
      }
    }
    List<Path> files = new ArrayList<>();
    files.add(playlist);
    int segments = 0;
    try (Stream<Path> s = Files.list(outDir)) {
      for (Path p : s.sorted().toList()) {
        if (!p.equals(playlist)) {
          files.add(p);
          if (p.getFileName().toString().startsWith("seg-")) {
            segments++;
          }
        }
      }
    }
    progress.onProgress(1, 0);
    long elapsed = (System.nanoTime() - started) / 1_000_000L;
    log.info("packaged {} as HLS ({}, {} segments, {}) in {} ms", video.getFileName(),
        spec.segments(), segments, copy ? "copied" : "transcoded", elapsed);
    return new Report(playlist, List.copyOf(files), segments, copy, elapsed);
  }

  private static void clear(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
