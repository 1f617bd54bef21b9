package io.tapline.compositor.bench;

import io.tapline.compositor.compose.CompositionReport;
import io.tapline.compositor.compose.CompositionSpec;
import io.tapline.compositor.compose.Compositor;
import io.tapline.compositor.compose.ProgressListener;
import io.tapline.compositor.export.ExportReport;
import io.tapline.compositor.export.TrackExporter;
import io.tapline.compositor.fixture.RecordingFixtureBuilder;
import io.tapline.pipeline.manifest.RecordingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The composite benchmark: a 4-participant, 60 s recording (640x360 VP8 at 30 fps + Opus each,
 * made from ffmpeg's testsrc2 so the content moves like a camera), composed to 1280x720 H.264
 * veryfast + AAC, timed against the ffmpeg command line doing the same decode + xstack + amix +
 * encode from the same per-track files, alternately, in the same run. Also times the per-track
 * export (remux, no re-encoding).
 *
 * <pre>
 * ./mvnw -B -o -q -pl compositor -am test-compile exec:java \
 *   -Dexec.mainClass=io.tapline.compositor.bench.CompositeBenchmark -Dexec.args="60 3"
 * </pre>
 * Arguments: seconds of recording (60), repetitions (3). Needs ffmpeg on the PATH.
 */
public final class CompositeBenchmark {
  private CompositeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Files.createTempDirectory("tapline-bench");
    String[] names = {"alice", "bob", "carol", "dave"};
    String[] patterns = {"testsrc2", "testsrc", "smptebars", "mandelbrot"};
    RecordingFixtureBuilder b = new RecordingFixtureBuilder(work.resolve("rec")).duration(seconds).segmentSeconds(10);
    for (int i = 0; i < 4; i++) {
      Path v = work.resolve(names[i] + "-src.webm");
      Path a = work.resolve(names[i] + "-src.ogg");
      run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", patterns[i] + "=s=640x360:r=30", "-t",
          String.valueOf(seconds), "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "800k", "-g",
          "60", v.toString()));
      run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=" + (300 + 100 * i) + ":d=" + seconds,
          "-c:a", "libopus", "-b:a", "32k", a.toString()));
      b.participant(names[i], names[i]).mediaFiles(v, a);
    }
    RecordingDirectory rec = b.build();

    TrackExporter exporter = new TrackExporter();
    List<Double> remux = new ArrayList<>();
    List<ExportReport> tracks = List.of();
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      tracks = exporter.exportAll(rec, work.resolve("tracks"));
      remux.add((System.nanoTime() - t0) / 1e9);
    }

    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
    for (String n : names) {
      cmd.addAll(List.of("-i", work.resolve("tracks/" + n + "-cam.webm").toString()));
    }
    for (String n : names) {
      cmd.addAll(List.of("-i", work.resolve("tracks/" + n + "-mic.ogg").toString()));
    }
    cmd.addAll(List.of("-filter_complex",
        "[0:v][1:v][2:v][3:v]xstack=inputs=4:layout=0_0|w0_0|0_h0|w0_h0,fps=30[v];"
            + "[4:a][5:a][6:a][7:a]amix=inputs=4:normalize=0,alimiter=limit=0.98[a]",
        "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "2500k", "-g", "60",
        "-c:a", "aac", "-aac_coder", "fast", "-b:a", "128k", "-movflags", "+faststart",
        work.resolve("ffmpeg.mp4").toString()));

    List<Double> ours = new ArrayList<>();
    List<Double> cli = new ArrayList<>();
    CompositionReport last = null;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      last = new Compositor().compose(rec, CompositionSpec.defaults(), work.resolve("tapline.mp4"), ProgressListener.NONE);
      ours.add((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      run(cmd);
      cli.add((System.nanoTime() - t0) / 1e9);
    }
    double oursMedian = median(ours);
    double cliMedian = median(cli);
    double remuxMedian = median(remux);
    System.out.printf("recording: 4 x 640x360 VP8 30 fps + Opus, %d s; %d repetitions%n", seconds, reps);
    System.out.printf("per-track export (8 tracks): median %.2f s = %.0fx real time (per track %.0fx) %s%n",
        remuxMedian, seconds / remuxMedian, 8 * seconds / remuxMedian, remux);
    System.out.printf("tapline compose 1280x720 x264 veryfast: median %.2f s = %.2fx real time %s%n", oursMedian,
        seconds / oursMedian, ours);
    System.out.printf("ffmpeg CLI xstack+amix same encode:     median %.2f s = %.2fx real time %s%n", cliMedian,
        seconds / cliMedian, cli);
    System.out.printf("speed ratio tapline / ffmpeg CLI: %.2f%n", cliMedian / oursMedian);
    System.out.printf("tapline report: %s frames, codec %s/%s, skips %s%n", last.videoFrames(), last.videoCodec(),
        last.audioCodec(), last.skips());
    System.out.printf("tracks exported: %d, work dir %s%n", tracks.size(), work);
    System.out.println("nproc=" + Runtime.getRuntime().availableProcessors());
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("failed: " + String.join(" ", cmd));
    }
  }
}
