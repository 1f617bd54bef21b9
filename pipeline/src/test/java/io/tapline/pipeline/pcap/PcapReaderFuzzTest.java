package io.tapline.pipeline.pcap;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Any bytes given to {@link PcapReader}: only {@link PcapFormatException} escapes (for a file that
 * is not a pcap); damaged frames are counted, never thrown; datagrams are well-formed. Seeds in
 * {@code src/test/resources/io/tapline/pipeline/pcap/PcapReaderFuzzTestInputs/readAnyBytes/}.
 */
class PcapReaderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readAnyBytes(byte[] data) throws IOException {
    PcapReader reader;
    try {
      reader = new PcapReader(new ByteArrayInputStream(data));
    } catch (PcapFormatException e) {
      assertNotNull(e.reason());
      return;
    }
    long frames = 0;
    for (UdpDatagram d = reader.next(); d != null; d = reader.next()) {
      assertTrue(d.payload().length <= 0xffff - 8, "UDP payload fits a UDP length");
      assertTrue(d.sourcePort() >= 0 && d.sourcePort() <= 0xffff);
      assertTrue(d.destinationPort() >= 0 && d.destinationPort() <= 0xffff);
      assertTrue(d.source().matches("\\d{1,3}(\\.\\d{1,3}){3}"), d.source());
      frames++;
    }
    // every frame is either returned or counted: 16-byte record headers bound the count
    assertTrue(frames + reader.drops().total() <= (data.length - 24) / 16 + 1);
    reader.close();
  }
}
