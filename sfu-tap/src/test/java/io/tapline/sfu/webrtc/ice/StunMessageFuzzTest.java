package io.tapline.sfu.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Fuzzes {@link StunMessage#parse} and the ICE-lite demultiplexer: nothing but {@link
 * MalformedPacketException} may escape the parser and nothing at all the demultiplexer; what
 * parses writes back (without its integrity attributes) into a message with the same class,
 * method, transaction id and attributes. Seed corpus: {@code StunMessageFuzzTestInputs/parse/}.
 */
class StunMessageFuzzTest {
  private static final IceCredentials LOCAL =
      new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt");
  private static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 50000);

  @FuzzTest(maxDuration = "60s") // only used with JAZZER_FUZZ=1; regression runs just the seeds
  void parse(byte[] data) {
    IceLiteDemultiplexer demux = new IceLiteDemultiplexer(new DropCounters());
    demux.register(
        new IceLiteEndpoint("e", LOCAL, null, Clock.systemUTC(), Duration.ofSeconds(30)));
    demux.route(data, 0, data.length, SOURCE);

    StunMessage m;
    try {
      m = StunMessage.parse(data);
    } catch (MalformedPacketException e) {
      return;
    }
    List<StunAttribute> plain = m.attributes().stream()
        .filter(a -> a.type() != StunAttributes.MESSAGE_INTEGRITY
            && a.type() != StunAttributes.MESSAGE_INTEGRITY_SHA256)
        .toList();
    StunMessageWriter w = new StunMessageWriter(m.messageClass(), m.method(), m.transactionId());
    plain.forEach(w::add);
    StunMessage back;
    try {
      back = StunMessage.parse(w.fingerprint().toBytes());
    } catch (MalformedPacketException e) {
      throw new AssertionError("writer produced an unparseable message: " + e.getMessage(), e);
    }
    assertEquals(m.messageClass(), back.messageClass());
    assertEquals(m.method(), back.method());
    assertEquals(java.util.HexFormat.of().formatHex(m.transactionId()),
        java.util.HexFormat.of().formatHex(back.transactionId()));
    assertEquals(plain, back.attributes());
  }
}
