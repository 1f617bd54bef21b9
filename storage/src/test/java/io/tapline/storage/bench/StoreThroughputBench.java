package io.tapline.storage.bench;

import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.EmbeddedS3Server;
import io.tapline.storage.object.ObjectStore;
import io.tapline.storage.object.TrustedCertificates;
import io.tapline.storage.object.UploadJournal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Upload and download throughput through {@link ContentStore} against the same bytes sent with a
 * bare {@code java.net.http} client (one presigned PUT / GET per object) to the same embedded
 * S3Proxy in the same run. 1 GiB per round: 512 x 1 MiB plus 2 x 256 MiB. Sides: {@code
 * tapline-https} ({@link EmbeddedS3Server#secureSettings}), {@code bare-https} (same listener, the
 * server's certificate pinned), {@code bare-http} and {@code tapline-http} (the plain listener,
 * {@link EmbeddedS3Server#settings}, the default; SigV4-signed requests, unsigned
 * bodies with a CRC32C, as over HTTPS). Rounds rotate which side goes first; round 0 is a
 * warm-up; medians of the others are reported.
 *
 * <p>Run: see storage/README.md (arguments: rounds, then optionally a comma-separated list of
 * sides).
 */
public final class StoreThroughputBench {
  private static final int MIB = 1024 * 1024;
  private static final List<String> ALL_SIDES = List.of("tapline-https", "bare-https",
      "bare-http", "tapline-http");

  private StoreThroughputBench() {}

  record Workload(String name, int count, int size) {}

  /** One way of moving the bytes. */
  interface Side {
    double upload(String prefix, byte[][] data) throws Exception;

    double download(String prefix, byte[][] data) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<String> names = args.length > 1 ? List.of(args[1].split(",")) : ALL_SIDES;
    List<Workload> workloads = List.of(new Workload("1 MiB x 512", 512, MIB),
        new Workload("256 MiB x 2", 2, 256 * MIB));
    Path dir = Files.createTempDirectory("tapline-bench");
    try (EmbeddedS3Server server = EmbeddedS3Server.withDefaults(dir).start();
        ObjectStore tls = new ObjectStore(server.secureSettings("bench"));
        ObjectStore plain = new ObjectStore(server.settings("bench"))) {
      tls.ensureBucket();
      System.out.println("store settings: " + tls.settings() + " / " + plain.settings());
      HttpClient httpsClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(TrustedCertificates.clientContext(server.certificatePem())).build();
      HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .build();
      Map<String, Side> sides = new LinkedHashMap<>();
      for (String n : names) {
        sides.put(n, switch (n) {
          case "tapline-https" -> ours(new ContentStore(tls, null, UploadJournal.NONE));
          case "tapline-http" -> ours(new ContentStore(plain, null, UploadJournal.NONE));
          case "bare-https" -> bare(httpsClient, tls);
          case "bare-http" -> bare(httpClient, plain);
          default -> throw new IllegalArgumentException("unknown side " + n + "; known: "
              + ALL_SIDES);
        });
      }
      List<String> order = new ArrayList<>(sides.keySet());
      Map<String, List<Double>> results = new LinkedHashMap<>();
      for (Workload w : workloads) {
        byte[][] data = new byte[w.count()][];
        Random r = new Random(w.size());
        for (int i = 0; i < w.count(); i++) {
          data[i] = new byte[w.size()];
          r.nextBytes(data[i]);
        }
        for (int round = 0; round <= rounds; round++) {
          for (int k = 0; k < order.size(); k++) {
            String side = order.get((k + round) % order.size());
            String prefix = side + "/" + round + "/";
            double up = sides.get(side).upload(prefix, data);
            double down = sides.get(side).download(prefix, data);
            System.out.printf(Locale.ROOT, "%s round %d %s: upload %.0f, download %.0f MiB/s%n",
                w.name(), round, side, up, down);
            if (round > 0) { // round 0 warms the JIT, the connections and the server
              record(results, w.name() + " upload " + side, up);
              record(results, w.name() + " download " + side, down);
            }
            tls.deletePrefix(prefix);
          }
          System.out.printf(Locale.ROOT, "%s round %d done (load average %s)%n", w.name(),
              round, loadAverage());
        }
      }
      print(results, rounds, order);
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile()
            .delete());
      }
    }
  }

  static Side ours(ContentStore content) {
    return new Side() {
      @Override
      public double upload(String prefix, byte[][] data) {
        return uploadOurs(content, prefix, data);
      }

      @Override
      public double download(String prefix, byte[][] data) throws Exception {
        return downloadOurs(content, prefix, data);
      }
    };
  }

  static Side bare(HttpClient http, ObjectStore presigner) {
    return new Side() {
      @Override
      public double upload(String prefix, byte[][] data) throws Exception {
        return uploadBare(http, presigner, prefix, data);
      }

      @Override
      public double download(String prefix, byte[][] data) throws Exception {
        return downloadBare(http, presigner, prefix, data);
      }
    };
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
      var resp = sendRetryingOnce(http, req, HttpResponse.BodyHandlers.discarding());
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
      var resp = sendRetryingOnce(http, req, HttpResponse.BodyHandlers.ofInputStream());
      check(drain(resp.body(), buf), data[i].length);
    }
    return mbps(data, System.nanoTime() - t0);
  }

  /**
   * The server may close a kept-alive connection just as the client reuses it ("header parser
   * received no bytes", seen on a loaded machine); any real client retries that once, as the
   * store's own requests do under its RetryPolicy.
   */
  static <T> HttpResponse<T> sendRetryingOnce(HttpClient http, HttpRequest req,
      HttpResponse.BodyHandler<T> handler) throws Exception {
    try {
      return http.send(req, handler);
    } catch (java.io.IOException e) {
      return http.send(req, handler);
    }
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

  static void print(Map<String, List<Double>> results, int rounds, List<String> sides) {
    System.out.printf(Locale.ROOT, "%nMiB/s, median of %d rounds (all rounds in brackets)%n%n",
        rounds);
    StringBuilder head = new StringBuilder("| workload | direction |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String side : sides) {
      head.append(' ').append(side).append(" |");
      rule.append("---|");
    }
    // Each side of the store against the bare client on the same listener.
    List<String[]> ratios = new ArrayList<>();
    for (String proto : List.of("https", "http")) {
      if (sides.contains("tapline-" + proto) && sides.contains("bare-" + proto)) {
        ratios.add(new String[] {"tapline-" + proto, "bare-" + proto});
        head.append(" tapline-").append(proto).append(" / bare-").append(proto).append(" |");
        rule.append("---|");
      }
    }
    System.out.println(head);
    System.out.println(rule);
    Set<String> rows = new LinkedHashSet<>();
    for (String k : results.keySet()) {
      rows.add(k.substring(0, k.lastIndexOf(' ')));
    }
    for (String row : rows) {
      int split = row.lastIndexOf(' ');
      StringBuilder line = new StringBuilder("| " + row.substring(0, split) + " | "
          + row.substring(split + 1) + " |");
      for (String side : sides) {
        List<Double> l = results.get(row + " " + side);
        line.append(String.format(Locale.ROOT, " %.0f %s |", median(l), fmt(l)));
      }
      for (String[] r : ratios) {
        line.append(String.format(Locale.ROOT, " %.2f |", median(results.get(row + " " + r[0]))
            / median(results.get(row + " " + r[1]))));
      }
      System.out.println(line);
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static String fmt(List<Double> l) {
    return l.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList().toString();
  }
}
