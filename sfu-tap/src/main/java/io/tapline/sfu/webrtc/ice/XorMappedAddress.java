package io.tapline.sfu.webrtc.ice;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 section 14.2): the port XORed with the top 16 bits of the magic
 * cookie, an IPv4 address with the cookie, an IPv6 address with cookie and transaction id.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                X-Address (Variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class XorMappedAddress {
  private static final int FAMILY_IPV4 = 0x01;
  private static final int FAMILY_IPV6 = 0x02;

  private XorMappedAddress() {}

  public static StunAttribute encode(InetSocketAddress address, byte[] transactionId) {
    byte[] ip = address.getAddress().getAddress();
    ByteBuffer b = ByteBuffer.allocate(4 + ip.length);
    b.put((byte) 0);
    b.put((byte) (ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6));
    b.putShort((short) (address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
    byte[] mask = mask(transactionId);
    for (int i = 0; i < ip.length; i++) {
      b.put((byte) (ip[i] ^ mask[i]));
    }
    return new StunAttribute(StunAttributes.XOR_MAPPED_ADDRESS, b.array());
  }

  public static InetSocketAddress decode(byte[] value, byte[] transactionId)
      throws MalformedPacketException {
    if (value.length < 4) {
      throw new MalformedPacketException("stun.xor-mapped-address", value.length + " bytes");
    }
    int family = value[1] & 0xff;
    int length = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
    if (length < 0 || value.length != 4 + length) {
      throw new MalformedPacketException("stun.xor-mapped-address",
          "family " + family + " with " + value.length + " bytes");
    }
    int port = (((value[2] & 0xff) << 8) | (value[3] & 0xff)) ^ (StunMessage.MAGIC_COOKIE >>> 16);
    byte[] mask = mask(transactionId);
    byte[] ip = new byte[length];
    for (int i = 0; i < length; i++) {
      ip[i] = (byte) (value[4 + i] ^ mask[i]);
    }
    try {
      InetAddress address = length == 4 ? Inet4Address.getByAddress(ip)
          : Inet6Address.getByAddress(null, ip, null);
      return new InetSocketAddress(address, port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
    }
  }

  /** Magic cookie followed by the transaction id: the XOR key for the address bytes. */
  private static byte[] mask(byte[] transactionId) {
    return ByteBuffer.allocate(16).putInt(StunMessage.MAGIC_COOKIE).put(transactionId).array();
  }
}
