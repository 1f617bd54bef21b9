package io.tapline.sfu.webrtc.ice;

import static io.tapline.sfu.webrtc.ice.Rfc5769Vectors.PASSWORD;
import static io.tapline.sfu.webrtc.ice.Rfc5769Vectors.TRANSACTION_ID;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StunMessageTest {
  private static final byte[] KEY = PASSWORD.getBytes(UTF_8);

  @Test
  void parsesRfc5769SampleRequestAndVerifiesIntegrity() throws Exception {
    StunMessage m = StunMessage.parse(Rfc5769Vectors.REQUEST);
    assertEquals(StunClass.REQUEST, m.messageClass());
    assertEquals(StunMessage.METHOD_BINDING, m.method());
    assertArrayEquals(TRANSACTION_ID, m.transactionId());
    assertTrue(m.hasFingerprint());
    assertEquals("evtj:h6vY",
        new String(m.attribute(StunAttributes.USERNAME).get().value(), UTF_8));
    assertEquals("STUN test client",
        new String(m.attribute(StunAttributes.SOFTWARE).get().value(), UTF_8));
    assertEquals(0x6e0001ffL, IceAttributes.priority(m.attribute(StunAttributes.PRIORITY).get()));
    assertEquals(0x932ff9b151263b36L,
        IceAttributes.tieBreaker(m.attribute(StunAttributes.ICE_CONTROLLED).get()));
    assertTrue(m.verifyIntegrity(KEY));
    assertFalse(m.verifyIntegrity("VOkJxbRl1RmTxUk/WvJxBT".getBytes(UTF_8)));
  }

  @Test
  void parsesRfc5769Ipv4Response() throws Exception {
    StunMessage m = StunMessage.parse(Rfc5769Vectors.RESPONSE_IPV4);
    assertEquals(StunClass.SUCCESS_RESPONSE, m.messageClass());
    assertTrue(m.verifyIntegrity(KEY));
    assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853),
        XorMappedAddress.decode(m.attribute(StunAttributes.XOR_MAPPED_ADDRESS).get().value(),
            m.transactionId()));
  }

  @Test
  void parsesRfc5769Ipv6Response() throws Exception {
    StunMessage m = StunMessage.parse(Rfc5769Vectors.RESPONSE_IPV6);
    assertTrue(m.verifyIntegrity(KEY));
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
        XorMappedAddress.decode(m.attribute(StunAttributes.XOR_MAPPED_ADDRESS).get().value(),
            m.transactionId()));
  }

  @Test
  void writerReproducesRfc5769SampleRequestByteForByte() {
    byte[] written = new StunMessageWriter(StunClass.REQUEST, StunMessage.METHOD_BINDING,
        TRANSACTION_ID)
        .padding((byte) ' ')
        .addString(StunAttributes.SOFTWARE, "STUN test client")
        .add(IceAttributes.priority(0x6e0001ffL))
        .add(IceAttributes.controlled(0x932ff9b151263b36L))
        .addString(StunAttributes.USERNAME, "evtj:h6vY")
        .integrity(KEY)
        .fingerprint()
        .toBytes();
    assertArrayEquals(Rfc5769Vectors.REQUEST, written);
  }

  @Test
  void writerReproducesRfc5769ResponsesByteForByte() throws Exception {
    for (var expected : List.of(
        new Object[] {Rfc5769Vectors.RESPONSE_IPV4, "192.0.2.1"},
        new Object[] {Rfc5769Vectors.RESPONSE_IPV6, "2001:db8:1234:5678:11:2233:4455:6677"})) {
      InetSocketAddress mapped =
          new InetSocketAddress(InetAddress.getByName((String) expected[1]), 32853);
      byte[] written = new StunMessageWriter(StunClass.SUCCESS_RESPONSE,
          StunMessage.METHOD_BINDING, TRANSACTION_ID)
          .padding((byte) ' ')
          .addString(StunAttributes.SOFTWARE, "test vector")
          .add(XorMappedAddress.encode(mapped, TRANSACTION_ID))
          .integrity(KEY)
          .fingerprint()
          .toBytes();
      assertArrayEquals((byte[]) expected[0], written);
    }
  }

  @Test
  void sha256IntegrityRoundTrips() throws Exception {
    byte[] written = new StunMessageWriter(StunClass.REQUEST, StunMessage.METHOD_BINDING,
        TRANSACTION_ID)
        .addString(StunAttributes.USERNAME, "a:b")
        .integrity(KEY)
        .integritySha256(KEY)
        .fingerprint()
        .toBytes();
    StunMessage m = StunMessage.parse(written);
    assertTrue(m.verifyIntegrity(KEY));
    assertTrue(m.verifyIntegritySha256(KEY));
    assertFalse(m.verifyIntegritySha256("other".getBytes(UTF_8)));
  }

  @Test
  void errorCodeRoundTrips() throws Exception {
    StunAttribute a = StunErrorCode.UNAUTHORIZED.encode();
    assertArrayEquals(new byte[] {0, 0, 4, 1}, Arrays.copyOf(a.value(), 4));
    assertEquals(StunErrorCode.UNAUTHORIZED, StunErrorCode.decode(a.value()));
    assertEquals("stun.error-code", assertThrows(MalformedPacketException.class,
        () -> StunErrorCode.decode(new byte[] {0, 0, 7, 1})).reason());
  }

  @Test
  void rejectsCorruptedFingerprint() {
    byte[] b = Rfc5769Vectors.REQUEST.clone();
    b[b.length - 1] ^= 1;
    assertEquals("stun.fingerprint", reason(b));
  }

  @Test
  void integrityFailsWhenAnAuthenticatedByteChanges() throws Exception {
    byte[] b = Rfc5769Vectors.REQUEST.clone();
    b[26] ^= 1; // inside SOFTWARE; strip FINGERPRINT so the CRC does not catch it first
    byte[] noFingerprint = Arrays.copyOf(b, b.length - 8);
    noFingerprint[3] -= 8;
    StunMessage m = StunMessage.parse(noFingerprint);
    assertFalse(m.hasFingerprint());
    assertFalse(m.verifyIntegrity(KEY));
  }

  @Test
  void rejectsBadHeaders() {
    assertEquals("stun.truncated", reason(new byte[19]));
    byte[] cookie = Rfc5769Vectors.REQUEST.clone();
    cookie[4] = 0;
    assertEquals("stun.cookie", reason(cookie));
    byte[] length = Rfc5769Vectors.REQUEST.clone();
    length[3] = 0x5c;
    assertEquals("stun.length", reason(length));
    byte[] rtp = Rfc5769Vectors.REQUEST.clone();
    rtp[0] = (byte) 0x80;
    assertEquals("stun.not-stun", reason(rtp));
  }

  @Test
  void rejectsAttributeOverrunningTheMessage() {
    byte[] b = Arrays.copyOf(Rfc5769Vectors.REQUEST, 28);
    b[2] = 0;
    b[3] = 8;
    b[22] = 0;
    b[23] = 8; // SOFTWARE claims 8 bytes, only 4 remain
    assertEquals("stun.attribute-truncated", reason(b));
  }

  @Test
  void rejectsAttributesAfterFingerprint() {
    byte[] b = Arrays.copyOf(Rfc5769Vectors.REQUEST, Rfc5769Vectors.REQUEST.length + 4);
    b[3] += 4;
    b[b.length - 4] = (byte) 0x80;
    b[b.length - 3] = 0x22; // an empty SOFTWARE after FINGERPRINT; the CRC was over the old length
    assertEquals("stun.fingerprint", reason(b));
  }

  private static String reason(byte[] b) {
    return assertThrows(MalformedPacketException.class, () -> StunMessage.parse(b)).reason();
  }
}
