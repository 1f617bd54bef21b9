package io.tapline.storage.bench;

import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.EmbeddedS3Server;
import io.tapline.storage.object.ObjectStore;
import io.tapline.storage.object.UploadJournal;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Upload and download throughput through {@link ContentStore} against the same bytes sent with a
 * bare {@code java.net.http} client (one presigned PUT / GET per object) to the same embedded
 * S3Proxy in the same run. 1 GiB per round: 512 x 1 MiB plus 2 x 256 MiB. Rounds alternate
 * which side goes first; the median round is reported.
 *
 * <p>Run: {@code ./mvnw -B -o -q -pl storage -am test-compile exec:java
 * -Dexec.mainClass=io.tapline.storage.bench.StoreThroughputBench -Dexec.classpathScope=test
 * -Dexec.args="3"} (argument: rounds).
 */
public final class StoreThroughputBench {
  private static final int MIB = 1024 * 1024;

  private StoreThroughputBench() {}

  record Workload(String name, int count, int size) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Workload> workloads = List.of(new Workload("1 MiB x 512", 512, MIB),
        new Workload("256 MiB x 2", 2, 256 * MIB));
    Path dir = Files.createTempDirectory("tapline-bench");
    try (EmbeddedS3Server server = EmbeddedS3Server.withDefaults(dir).start();
        ObjectStore store = new ObjectStore(server.settings("bench"))) {
      store.ensureBucket();
      ContentStore content = new ContentStore(store, null, UploadJournal.NONE);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Map<String, List<Double>> results = new LinkedHashMap<>();
      for (Workload w : workloads) {
        byte[][] data = new byte[w.count()][];
        Random r = new Random(w.size());
        for (int i = 0; i < w.count(); i++) {
          data[i] = new byte[w.size()];
          r.nextBytes(data[i]);
        }
        for (int round = 0; round <= rounds; round++) {
          boolean oursFirst = round % 2 == 0;
          for (int side = 0; side < 2; side++) {
            boolean ours = (side == 0) == oursFirst;
            String prefix = (ours ? "ours" : "bare") + "/" + round + "/";
            double up = ours ? uploadOurs(content, prefix, data) : uploadBare(http, store, prefix,
                data);
            double down = ours ? downloadOurs(content, prefix, data) : downloadBare(http, store,
                prefix, data);
            if (round > 0) { // round 0 warms the JIT and the server
              record(results, w.name() + " upload " + (ours ? "tapline" : "bare"), up);
              record(results, w.name() + " download " + (ours ? "tapline" : "bare"), down);
            }
            store.deletePrefix(prefix);
          }
        }
      }
      print(results, rounds);
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile()
            .delete());
      }
    }
  }

  static double uploadOurs(ContentStore content, String prefix, byte[][] data) {
    long t0 = System.nanoTime();
    for (int i = 0; i < data.length; i++) {
      content.putStream(prefix + i, new ByteArrayInputStream(data[i]),
          "application/octet-stream", Long.MAX_VALUE);
    }
    return mbps(data, System.nanoTime() - t0);
  }

  static double uploadBare(HttpClient http, ObjectStore store, String prefix, byte[][] data)
      throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < data.length; i++) {
      // Presigning is local HMAC work, part of what any client pays per request.
      var req = HttpRequest.newBuilder(store.presignPut(prefix + i, Duration.ofMinutes(10)))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(data[i])).build();
      var resp = http.send(req, HttpResponse.BodyHandlers.discarding());
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("bare PUT failed: " + resp.statusCode());
      }
    }
    return mbps(data, System.nanoTime() - t0);
  }

  static double downloadOurs(ContentStore content, String prefix, byte[][] data)
      throws Exception {
    byte[] buf = new byte[256 * 1024];
    long t0 = System.nanoTime();
    for (int i = 0; i < data.length; i++) {
      check(drain(content.open(prefix + i), buf), data[i].length);
    }
    return mbps(data, System.nanoTime() - t0);
  }

  static double downloadBare(HttpClient http, ObjectStore store, String prefix, byte[][] data)
      throws Exception {
    byte[] buf = new byte[256 * 1024];
    long t0 = System.nanoTime();
    for (int i = 0; i < data.length; i++) {
      var req = HttpRequest.newBuilder(store.presignGet(prefix + i, Duration.ofMinutes(10)))
          .build();
      var resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      check(drain(resp.body(), buf), data[i].length);
    }
    return mbps(data, System.nanoTime() - t0);
  }

  static long drain(InputStream in, byte[] buf) throws Exception {
    long n = 0;
    try (in) {
      for (int r; (r = in.read(buf)) > 0; ) {
        n += r;
      }
    }
    return n;
  }

  static void check(long got, long want) {
    if (got != want) {
      throw new IllegalStateException("read " + got + " bytes, expected " + want);
    }
  }

  static double mbps(byte[][] data, long nanos) {
    long bytes = Arrays.stream(data).mapToLong(b -> b.length).sum();
    return bytes / (double) MIB / (nanos / 1e9);
  }

  static void record(Map<String, List<Double>> m, String k, double v) {
    m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
  }

  static double median(List<Double> l) {
    List<Double> s = new ArrayList<>(l);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void print(Map<String, List<Double>> results, int rounds) {
    System.out.printf(Locale.ROOT, "%n| workload | direction | tapline MiB/s (median of %d) | "
        + "bare java.net.http MiB/s | ratio | all rounds tapline / bare |%n", rounds);
    System.out.println("|---|---|---|---|---|---|");
    for (String k : results.keySet()) {
      if (!k.endsWith(" tapline")) {
        continue;
      }
      String base = k.substring(0, k.length() - " tapline".length());
      List<Double> ours = results.get(k);
      List<Double> bare = results.get(base + " bare");
      int split = base.lastIndexOf(' ');
      System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f | %s / %s |%n",
          base.substring(0, split), base.substring(split + 1), median(ours), median(bare),
          median(ours) / median(bare), fmt(ours), fmt(bare));
    }
  }

  static String fmt(List<Double> l) {
    return l.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList().toString();
  }
}
