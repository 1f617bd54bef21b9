package io.tapline.pipeline.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class PcapWriterTest {
  @ParameterizedTest
  @EnumSource(PcapLinkType.class)
  void datagramsReadBackExactly(PcapLinkType type) throws IOException {
    Random random = new Random(7);
    List<UdpDatagram> written = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] payload = new byte[random.nextInt(1400)];
      random.nextBytes(payload);
      written.add(new UdpDatagram(1_795_000_000_123_456L + i * 20_001L, "10.0.0." + (i % 3 + 1), 40000 + i,
          "192.168.255.254", 5004 + (i % 2), payload));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, type)) {
      for (UdpDatagram d : written) {
        w.write(d);
      }
      assertEquals(40, w.packets());
    }
    PcapReader r = new PcapReader(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(type.code(), r.linkType());
    for (UdpDatagram expected : written) {
      UdpDatagram got = r.next();
      assertEquals(expected.timeMicros(), got.timeMicros());
      assertEquals(expected.source(), got.source());
      assertEquals(expected.sourcePort(), got.sourcePort());
      assertEquals(expected.destination(), got.destination());
      assertEquals(expected.destinationPort(), got.destinationPort());
      assertArrayEquals(expected.payload(), got.payload());
    }
    assertEquals(null, r.next());
    assertFalse(r.truncated());
    assertEquals(0, r.drops().total());
  }

  @Test
  void ipv4HeaderChecksumVerifiesToZero() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, PcapLinkType.RAW_IPV4)) {
      w.write(new UdpDatagram(0, "172.16.5.9", 1234, "172.16.5.10", 5004, new byte[333]));
    }
    byte[] f = bytes.toByteArray();
    int ip = 24 + 16;
    // RFC 1071: summing a header that includes its checksum gives 0xffff
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((f[ip + i] & 0xff) << 8) | (f[ip + i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    assertEquals(0xffff, sum);
    assertEquals(20 + 8 + 333, ((f[ip + 2] & 0xff) << 8) | (f[ip + 3] & 0xff));
  }

  @Test
  void refusesWhatCannotBeWrittenAndClosesTwice() throws IOException {
    PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), PcapLinkType.ETHERNET);
    assertThrows(IllegalArgumentException.class, () -> w.write(new UdpDatagram(0, "10.0.0", 1, "10.0.0.2", 2, new byte[1])));
    assertThrows(IllegalArgumentException.class, () -> w.write(new UdpDatagram(0, "10.0.0.300", 1, "10.0.0.2", 2, new byte[1])));
    assertThrows(IllegalArgumentException.class, () -> w.write(new UdpDatagram(0, "10.0.0.1", 70000, "10.0.0.2", 2, new byte[1])));
    assertThrows(IllegalArgumentException.class,
        () -> w.write(new UdpDatagram(0, "10.0.0.1", 1, "10.0.0.2", 2, new byte[PcapWriter.MAX_PAYLOAD + 1])));
    w.close();
    w.close();
    assertThrows(IOException.class, () -> w.write(new UdpDatagram(0, "10.0.0.1", 1, "10.0.0.2", 2, new byte[1])));
  }
}
