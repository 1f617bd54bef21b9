package io.tapline.sfu.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finding external tools and free ports for functional tests. */
public final class Tools {
  private Tools() {}

  /** Whether {@code command} runs (exit code 0) within a few seconds. */
  public static boolean available(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public static boolean gstElements(String... elements) {
    for (String e : elements) {
      if (!available("gst-inspect-1.0", "--exists", e)) {
        return false;
      }
    }
    return true;
  }

  /** A UDP port free right now on loopback (another process may take it; tests accept the race). */
  public static int freeUdpPort() throws IOException {
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }
  }

  public static Path log(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    return dir.resolve(name);
  }
}
