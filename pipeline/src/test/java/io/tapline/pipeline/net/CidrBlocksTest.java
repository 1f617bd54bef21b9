package io.tapline.pipeline.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrBlocksTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void matchesByPrefixPerFamily() throws Exception {
    CidrBlocks b = CidrBlocks.parse(List.of("172.16.0.0/12", "fc00::/7", "192.0.2.7"), "test network");
    assertTrue(b.contains(ip("172.31.255.255")));
    assertFalse(b.contains(ip("172.32.0.0")));
    assertTrue(b.contains(ip("fd00:ec2::254")));
    assertFalse(b.contains(ip("fe80::1")));
    assertTrue(b.contains(ip("192.0.2.7")));
    assertFalse(b.contains(ip("192.0.2.8")));
    assertFalse(b.contains(new byte[16]), "an IPv6 address never matches an IPv4 block");
    assertTrue(CidrBlocks.parse(List.of("0.0.0.0/0"), "x").contains(ip("8.8.8.8")));
    assertTrue(CidrBlocks.none().isEmpty());
    assertFalse(CidrBlocks.none().contains(ip("127.0.0.1")));
  }

  @Test
  void errorsNameTheEntryAndWhatItIs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CidrBlocks.parse(List.of("10.0.0.0/33"), "webhook allowed network"));
    assertTrue(e.getMessage().startsWith("webhook allowed network '10.0.0.0/33'"), e.getMessage());
  }
}
