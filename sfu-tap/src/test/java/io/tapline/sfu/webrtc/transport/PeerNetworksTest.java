package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerNetworksTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void emptyAllowsEveryAddress() throws Exception {
    assertTrue(PeerNetworks.parse(List.of()).allows(ip("192.0.2.2")));
    assertTrue(PeerNetworks.parse(null).allowsAll());
  }

  @Test
  void blocksMatchByPrefix() throws Exception {
    PeerNetworks n = PeerNetworks.parse(List.of("127.0.0.0/8", "10.1.0.0/16", "::1/128", "192.0.2.7"));
    assertTrue(n.allows(ip("127.0.0.1")));
    assertTrue(n.allows(ip("127.255.1.2")));
    assertTrue(n.allows(ip("10.1.200.3")));
    assertFalse(n.allows(ip("10.2.0.1")));
    assertTrue(n.allows(ip("::1")));
    assertFalse(n.allows(ip("::2")));
    assertTrue(n.allows(ip("192.0.2.7")));
    assertFalse(n.allows(ip("192.0.2.2")));
    assertEquals("[127.0.0.0/8, 10.1.0.0/16, ::1/128, 192.0.2.7]", n.toString());
  }

  @Test
  void oddPrefixLengthsMaskInsideAByte() throws Exception {
    PeerNetworks n = PeerNetworks.parse(List.of("172.16.0.0/12", "0.0.0.0/0"));
    assertTrue(n.allows(ip("172.31.255.255")));
    PeerNetworks twelve = PeerNetworks.parse(List.of("172.16.0.0/12"));
    assertTrue(twelve.allows(ip("172.31.0.1")));
    assertFalse(twelve.allows(ip("172.32.0.1")));
    assertFalse(twelve.allows(ip("::ffff:1")), "an IPv6 source never matches an IPv4 block");
  }

  @Test
  void badEntriesAreRefusedWithTheirText() {
    for (String bad : List.of("", "localhost", "127.0.0.0/33", "::1/129", "10.0.0.0/x", "10.0.0.0/-1", "1.2.3.4.5")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerNetworks.parse(List.of(bad)));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
