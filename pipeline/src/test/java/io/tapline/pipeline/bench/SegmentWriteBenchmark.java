package io.tapline.pipeline.bench;

import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.segment.RecordType;
import io.tapline.pipeline.segment.SegmentWriter;
import io.tapline.pipeline.tools.Fixtures;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Segment write throughput, in packets per second (one operation = one packet), of the real
 * packets of the captured VP8 stream (mostly 1100-1200 bytes) or Opus stream (~100 bytes) through
 * {@link SegmentWriter} to a file, flushed to the OS the way the tap does it (every 1 s or every
 * {@value #FLUSH_EVERY_PACKETS} packets), against a baseline that writes the same records (16-byte
 * record header + packet, but no CRC) through a plain 64 KiB {@link BufferedOutputStream} with the
 * same flushes. MB/s = packets/s x (mean packet + 16 bytes), see bench-notes/segtools.md. The
 * {@code discard} sink runs the same code into a null stream, separating CPU cost from file I/O.
 *
 * <p>Run: {@code ./mvnw -B -o -pl pipeline -am test-compile exec:exec -Dbench=SegmentWrite}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SegmentWriteBenchmark {
  static final int BATCH = 256;
  static final int FLUSH_EVERY_PACKETS = 512;
  static final long FLUSH_EVERY_NANOS = 1_000_000_000L;

  @Param({"video", "audio"})
  public String stream;

  /** {@code file}: what the tap does; {@code discard}: the same code into a null stream, to tell CPU from I/O. */
  @Param({"file", "discard"})
  public String sink;

  private byte[][] packets;
  private long arrivalMicros;
  private int next;
  private Path dir;
  private Path file;
  private SegmentWriter segment;
  private OutputStream plain;
  private final byte[] recordHeader = new byte[16];
  private int sinceFlush;
  private long lastFlush;

  @Setup(Level.Trial)
  public void load() throws IOException {
    int port = "video".equals(stream) ? 5004 : 5006;
    List<UdpDatagram> d = PcapReader.readAll(Fixtures.capture()).stream()
        .filter(x -> x.destinationPort() == port).toList();
    packets = d.stream().map(UdpDatagram::payload).toArray(byte[][]::new);
    dir = Files.createTempDirectory("segment-bench");
  }

  @Setup(Level.Iteration)
  public void open() throws IOException {
    file = Files.createTempFile(dir, "bench", ".tseg");
    Files.delete(file);
    var header = "video".equals(stream) ? Fixtures.videoHeader() : Fixtures.audioHeader();
    if ("file".equals(sink)) {
      segment = SegmentWriter.create(file, header);
      plain = new BufferedOutputStream(Files.newOutputStream(dir.resolve(file.getFileName() + ".plain")), 64 * 1024);
    } else {
      segment = SegmentWriter.to(OutputStream.nullOutputStream(), header);
      plain = new BufferedOutputStream(OutputStream.nullOutputStream(), 64 * 1024);
    }
    arrivalMicros = 1_795_000_000_000_000L;
    sinceFlush = 0;
    lastFlush = System.nanoTime();
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    segment.close();
    plain.close();
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir.resolve(file.getFileName() + ".plain"));
  }

  @TearDown(Level.Trial)
  public void removeDirectory() throws IOException {
    Files.delete(dir);
  }

  private byte[] nextPacket() {
    byte[] p = packets[next];
    next = next + 1 == packets.length ? 0 : next + 1;
    arrivalMicros += 1000;
    return p;
  }

  /** The tap's flush policy: every {@value #FLUSH_EVERY_PACKETS} packets or every second. */
  private boolean flushDue() {
    if (++sinceFlush >= FLUSH_EVERY_PACKETS || System.nanoTime() - lastFlush >= FLUSH_EVERY_NANOS) {
      sinceFlush = 0;
      lastFlush = System.nanoTime();
      return true;
    }
    return false;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void segmentWriter() throws IOException {
    for (int i = 0; i < BATCH; i++) {
      segment.append(RecordType.RTP, arrivalMicros, nextPacket());
      if (flushDue()) {
        segment.flush();
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void bufferedOutputStreamBaseline() throws IOException {
    for (int i = 0; i < BATCH; i++) {
      byte[] p = nextPacket();
      recordHeader[0] = 1;
      recordHeader[2] = (byte) (p.length >>> 8);
      recordHeader[3] = (byte) p.length;
      long t = arrivalMicros;
      for (int k = 0; k < 8; k++) {
        recordHeader[4 + k] = (byte) (t >>> (56 - 8 * k));
      }
      plain.write(recordHeader);
      plain.write(p);
      if (flushDue()) {
        plain.flush();
      }
    }
  }
}
