package io.tapline.sfu.testing;

import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * tshark capturing UDP to given ports on the loopback interface: the independent count of what
 * senders really sent. {@link #start} returns once tshark reports it is capturing.
 */
public final class LoopbackCapture implements AutoCloseable {
  private final Process process;
  private final Path file;

  private LoopbackCapture(Process process, Path file) {
    this.process = process;
    this.file = file;
  }

  /** Starts capturing, or returns null when tshark cannot capture here (not installed, no permission). */
  public static LoopbackCapture start(Path file, Collection<Integer> dstPorts) throws IOException, InterruptedException {
    if (!Tools.available("tshark", "-v")) {
      return null;
    }
    String filter = "udp and (" + dstPorts.stream().map(p -> "dst port " + p).collect(Collectors.joining(" or ")) + ")";
    Process p = new ProcessBuilder("tshark", "-i", "lo", "-q", "-F", "pcap", "-w", file.toString(), "-f", filter)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      if (line.contains("Capturing on")) {
        Thread drain = new Thread(() -> {
          try {
            err.transferTo(java.io.Writer.nullWriter());
          } catch (IOException ignored) {
            // process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return new LoopbackCapture(p, file);
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    p.destroyForcibly();
    return null;
  }

  /** Stops tshark (letting it write out its buffer) and reads every captured datagram. */
  public List<UdpDatagram> stop() throws IOException, InterruptedException {
    Thread.sleep(500); // tshark sees the last packets a little late
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    return PcapReader.readAll(file);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
