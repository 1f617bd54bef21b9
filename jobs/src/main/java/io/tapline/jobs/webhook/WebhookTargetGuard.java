package io.tapline.jobs.webhook;

import io.tapline.pipeline.net.CidrBlocks;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keeps webhook deliveries away from networks a subscriber must not reach through this server
 * (server-side request forgery). Checked when a subscription is made and again at every delivery
 * after the host is resolved; the delivery then connects to the checked addresses only
 * ({@link PinnedHttpClient}), so a name that resolves elsewhere the second time (DNS rebinding)
 * does not get through.
 *
 * <p>Always refused: the unspecified address ({@code 0.0.0.0/8}, {@code ::}: on Linux it reaches
 * the local host), link-local ({@code 169.254.0.0/16} with the cloud metadata service at
 * 169.254.169.254, {@code fe80::/10}), multicast ({@code 224.0.0.0/4}, {@code ff00::/8}) and
 * broadcast / reserved ({@code 240.0.0.0/4}). Refused unless {@code allowPrivateNetworks}:
 * loopback ({@code 127.0.0.0/8}, {@code ::1}), RFC 1918 ({@code 10/8}, {@code 172.16/12},
 * {@code 192.168/16}), shared address space ({@code 100.64.0.0/10}, RFC 6598), unique local
 * ({@code fc00::/7}, where AWS's IPv6 metadata address lives) and site-local ({@code fec0::/10}).
 * An address inside {@code allowedNetworks} is accepted whatever its kind (an operator's
 * receivers). IPv6 addresses that embed an IPv4 one (mapped {@code ::ffff:0:0/96}, compatible
 * {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the IPv4
 * address.
 */
public final class WebhookTargetGuard {
  /** Resolves a host name to all its addresses (a seam for tests; the JDK's resolver otherwise). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final CidrBlocks NEVER = CidrBlocks.parse(List.of("0.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4",
      "240.0.0.0/4", "::/128", "fe80::/10", "ff00::/8"), "blocked network");
  private static final CidrBlocks PRIVATE = CidrBlocks.parse(List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12",
      "192.168.0.0/16", "100.64.0.0/10", "::1/128", "fc00::/7", "fec0::/10"), "private network");

  private final boolean allowPrivateNetworks;
  private final CidrBlocks allowedNetworks;
  private final Resolver resolver;

  public WebhookTargetGuard(boolean allowPrivateNetworks, List<String> allowedNetworks, Resolver resolver) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.allowedNetworks = CidrBlocks.parse(allowedNetworks, "webhook allowed network");
    this.resolver = resolver;
  }

  public WebhookTargetGuard(boolean allowPrivateNetworks, List<String> allowedNetworks) {
    this(allowPrivateNetworks, allowedNetworks, InetAddress::getAllByName);
  }

  /** Why a delivery must not connect to {@code address}, or empty when it may. */
  public Optional<String> refusal(InetAddress address) {
    if (allowedNetworks.contains(address)) {
      return Optional.empty();
    }
    byte[] a = embeddedIpv4(address).orElse(address.getAddress());
    if (allowedNetworks.contains(a)) {
      return Optional.empty();
    }
    if (NEVER.contains(a)) {
      return Optional.of(address.getHostAddress() + " is an unspecified, link-local (cloud metadata), multicast "
          + "or reserved address");
    }
    if (!allowPrivateNetworks && PRIVATE.contains(a)) {
      return Optional.of(address.getHostAddress() + " is a loopback or private-network address (allow it with "
          + "tapline.jobs.webhooks.allowed-networks or allow-private-networks)");
    }
    return Optional.empty();
  }

  /**
   * Resolves {@code host} and checks every address it has (one bad address refuses the name: a
   * client could pick any of them).
   *
   * @throws BlockedTargetException naming the address and why
   * @throws UnknownHostException when the name does not resolve
   */
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = resolver.resolve(host);
    if (all == null || all.length == 0) {
      throw new UnknownHostException(host);
    }
    for (InetAddress a : all) {
      Optional<String> why = refusal(a);
      if (why.isPresent()) {
        throw new BlockedTargetException("webhook host '" + host + "' resolves to " + why.get());
      }
    }
    return all;
  }

  /** Checks a subscription's URL: its host must resolve, and only to allowed addresses. */
  public void check(URI url) throws UnknownHostException {
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    resolve(host);
  }

  /** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), if it carries one. */
  static Optional<byte[]> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    boolean zero80 = allZero(b, 0, 10);
    if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return Optional.of(Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d
    }
    if (zero80 && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 15)) {
      return Optional.of(Arrays.copyOfRange(b, 12, 16)); // ::a.b.c.d (not :: or ::1)
    }
    if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 12)) {
      return Optional.of(Arrays.copyOfRange(b, 12, 16)); // 64:ff9b::a.b.c.d
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return Optional.of(Arrays.copyOfRange(b, 2, 6)); // 2002:AABB:CCDD::
    }
    return Optional.empty();
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "private networks " + (allowPrivateNetworks ? "allowed" : "refused") + ", allowed " + allowedNetworks;
  }
}
