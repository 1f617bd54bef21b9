package io.tapline.pipeline.testing;

import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** Captured packets from {@code src/test/resources/fixtures} (see its README for how each was made). */
public final class Fixtures {
  private Fixtures() {}

  public static List<UdpDatagram> datagrams(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    try {
      return PcapReader.readAll(Path.of(url.toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
