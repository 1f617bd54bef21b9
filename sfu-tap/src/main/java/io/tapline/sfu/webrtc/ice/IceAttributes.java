package io.tapline.sfu.webrtc.ice;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Values of the ICE attributes (RFC 8445 section 16.1): PRIORITY is a 32-bit unsigned integer,
 * ICE-CONTROLLED and ICE-CONTROLLING a 64-bit tie-breaker, USE-CANDIDATE is empty.
 */
public final class IceAttributes {
  private IceAttributes() {}

  public static StunAttribute priority(long priority) {
    return new StunAttribute(StunAttributes.PRIORITY,
        ByteBuffer.allocate(4).putInt((int) priority).array());
  }

  public static long priority(StunAttribute a) throws MalformedPacketException {
    byte[] v = a.value();
    if (v.length != 4) {
      throw new MalformedPacketException("ice.priority", v.length + " bytes");
    }
    return ByteBuffer.wrap(v).getInt() & 0xffffffffL;
  }

  public static StunAttribute useCandidate() {
    return new StunAttribute(StunAttributes.USE_CANDIDATE, new byte[0]);
  }

  public static StunAttribute controlled(long tieBreaker) {
    return new StunAttribute(StunAttributes.ICE_CONTROLLED,
        ByteBuffer.allocate(8).putLong(tieBreaker).array());
  }

  public static StunAttribute controlling(long tieBreaker) {
    return new StunAttribute(StunAttributes.ICE_CONTROLLING,
        ByteBuffer.allocate(8).putLong(tieBreaker).array());
  }

  public static long tieBreaker(StunAttribute a) throws MalformedPacketException {
    byte[] v = a.value();
    if (v.length != 8) {
      throw new MalformedPacketException("ice.tie-breaker", v.length + " bytes");
    }
    return ByteBuffer.wrap(v).getLong();
  }
}
