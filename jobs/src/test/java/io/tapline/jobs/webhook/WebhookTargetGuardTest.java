package io.tapline.jobs.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTargetGuardTest {
  /** The default: loopback allowed (a receiver on this machine), private networks not. */
  private final WebhookTargetGuard defaults = new WebhookTargetGuard(false, List.of("127.0.0.0/8", "::1/128"));

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  private static boolean allowed(WebhookTargetGuard g, String address) throws Exception {
    return g.refusal(ip(address)).isEmpty();
  }

  @Test
  void alwaysRefusesUnspecifiedLinkLocalMulticastAndReserved() throws Exception {
    WebhookTargetGuard open = new WebhookTargetGuard(true, List.of());
    for (String a : List.of("0.0.0.0", "0.1.2.3", "169.254.169.254", "169.254.0.1", "224.0.0.1", "239.255.255.250",
        "255.255.255.255", "240.0.0.1", "::", "fe80::1", "ff02::1", "::ffff:169.254.169.254", "::169.254.169.254",
        "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::ffff:0.0.0.0")) {
      assertFalse(allowed(open, a), a);
      assertFalse(allowed(defaults, a), a);
    }
    assertTrue(open.refusal(ip("169.254.169.254")).orElseThrow().contains("link-local (cloud metadata)"));
  }

  @Test
  void privateNetworksOnlyWhenAllowed() throws Exception {
    WebhookTargetGuard strict = new WebhookTargetGuard(false, List.of());
    WebhookTargetGuard open = new WebhookTargetGuard(true, List.of());
    for (String a : List.of("127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1",
        "100.64.0.1", "::1", "fd00:ec2::254", "fc00::1", "fec0::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
        "64:ff9b::7f00:1", "2002:c0a8:0101::")) {
      assertFalse(allowed(strict, a), a);
      assertTrue(allowed(open, a), a);
    }
    assertTrue(strict.refusal(ip("10.0.0.1")).orElseThrow().contains("allowed-networks"));
    // Loopback by default, the rest of the private space not
    assertTrue(allowed(defaults, "127.0.0.1"));
    assertTrue(allowed(defaults, "::1"));
    assertTrue(allowed(defaults, "::ffff:127.0.0.1"));
    assertFalse(allowed(defaults, "10.0.0.1"));
    assertFalse(allowed(defaults, "fd00::1"));
  }

  @Test
  void publicAddressesPassAndAllowedNetworksOverride() throws Exception {
    for (String a : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
        "::ffff:8.8.8.8", "2002:0808:0808::1")) {
      assertTrue(allowed(defaults, a), a);
    }
    WebhookTargetGuard operator = new WebhookTargetGuard(false, List.of("10.20.0.0/16", "169.254.10.0/24"));
    assertTrue(allowed(operator, "10.20.3.4"));
    assertTrue(allowed(operator, "::ffff:10.20.3.4"));
    assertFalse(allowed(operator, "10.21.0.1"));
    assertTrue(allowed(operator, "169.254.10.5"), "an operator may name even a link-local block");
    assertFalse(allowed(operator, "169.254.169.254"));
  }

  @Test
  void hostNamesAreJudgedByEveryAddressTheyResolveTo() throws Exception {
    Map<String, List<String>> dns = Map.of(
        "hooks.example.com", List.of("93.184.216.34"),
        "metadata.example.com", List.of("169.254.169.254"),
        "mixed.example.com", List.of("93.184.216.34", "10.0.0.7"),
        "v6.example.com", List.of("::ffff:127.0.0.1", "fe80::1"));
    WebhookTargetGuard g = new WebhookTargetGuard(false, List.of("127.0.0.0/8"), host -> {
      List<String> l = dns.get(host);
      if (l == null) {
        throw new UnknownHostException(host);
      }
      InetAddress[] out = new InetAddress[l.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = InetAddress.getByName(l.get(i));
      }
      return out;
    });
    assertEquals(1, g.resolve("hooks.example.com").length);
    g.check(URI.create("https://hooks.example.com/tapline"));
    BlockedTargetException e = assertThrows(BlockedTargetException.class,
        () -> g.check(URI.create("http://metadata.example.com/latest/meta-data")));
    assertTrue(e.getMessage().contains("'metadata.example.com' resolves to 169.254.169.254"), e.getMessage());
    assertThrows(BlockedTargetException.class, () -> g.resolve("mixed.example.com"));
    assertThrows(BlockedTargetException.class, () -> g.resolve("v6.example.com"));
    assertThrows(UnknownHostException.class, () -> g.resolve("nowhere.example.com"));
  }

  @Test
  void literalUrlsNeedNoLookup() throws Exception {
    defaults.check(URI.create("http://127.0.0.1:8080/hook"));
    defaults.check(URI.create("http://[::1]:8080/hook"));
    assertThrows(BlockedTargetException.class, () -> defaults.check(URI.create("http://[::ffff:a9fe:a9fe]/")));
    assertThrows(BlockedTargetException.class, () -> defaults.check(URI.create("http://0.0.0.0:8080/")));
    assertThrows(BlockedTargetException.class, () -> defaults.check(URI.create("http://[fe80::1]/")));
  }

  @Test
  void badAllowedNetworksAreRefusedWithTheirText() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WebhookTargetGuard(false, List.of("intranet")));
    assertTrue(e.getMessage().contains("'intranet'"), e.getMessage());
  }
}
