package io.tapline.sfu.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HostCandidatesTest {
  @Test
  void writesUdpAndPassiveTcpHostCandidateLines() throws Exception {
    List<IceCandidate> c = new HostCandidates(
        List.of(InetAddress.getByName("203.0.113.7"), InetAddress.getByName("2001:db8::7")),
        10000, OptionalInt.of(4443)).candidates();
    // tcp: type preference 90 << 24, local preference (4 << 13) + 8191 - i (RFC 6544 section 4.2)
    // << 8, + 255: 1509949440 + 10485504 + 255 = 1520435199
    assertEquals(List.of(
        "candidate:1 1 udp 2130706431 203.0.113.7 10000 typ host",
        "candidate:2 1 udp 2130706175 2001:db8:0:0:0:0:0:7 10000 typ host",
        "candidate:3 1 tcp 1520435199 203.0.113.7 4443 typ host tcptype passive",
        "candidate:4 1 tcp 1520434943 2001:db8:0:0:0:0:0:7 4443 typ host tcptype passive"),
        c.stream().map(IceCandidate::toAttributeValue).toList());
  }

  @Test
  void priorityFollowsRfc8445Formula() {
    // type 126, local 65535, component 1: the value browsers put on their first host candidate
    assertEquals(2130706431L, IceCandidate.priority(126, 65535, 1));
  }

  @Test
  void generatedCredentialsHaveRfc8839LengthsAndCharacters() {
    IceCredentials c = IceCredentials.random(new Random(7));
    assertTrue(IceCredentials.isValidUfrag(c.ufrag()));
    assertTrue(IceCredentials.isValidPwd(c.pwd()));
    assertEquals(IceCredentials.UFRAG_LENGTH, c.ufrag().length());
    assertEquals(IceCredentials.PWD_LENGTH, c.pwd().length());
    assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abc", c.pwd()));
    assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "short"));
  }
}
