package io.tapline.pipeline.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP networks in CIDR notation ({@code 127.0.0.0/8}, {@code 10.0.0.0/8}, {@code ::1/128};
 * RFC 4632 section 3.1, and RFC 4291 section 2.3 for IPv6 prefixes); a bare address is that one
 * host. Only literal addresses are taken: parsing never looks a name up. An IPv4 address never
 * matches an IPv6 block or the reverse (callers unwrap IPv4-mapped IPv6 addresses first if they
 * mean them as IPv4). Matching allocates nothing beyond the address's bytes, as it runs per packet
 * on the SFU's port.
 */
public final class CidrBlocks {
  private static final CidrBlocks NONE = new CidrBlocks(List.of());

  private final List<Block> blocks;

  private CidrBlocks(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  public static CidrBlocks none() {
    return NONE;
  }

  /**
   * @param cidrs blocks such as {@code 127.0.0.0/8}; null or empty is no block
   * @param what what the entries are, for the error message ({@code "peer network"})
   * @throws IllegalArgumentException naming the entry that is not a literal address with a prefix
   *     length that fits it
   */
  public static CidrBlocks parse(List<String> cidrs, String what) {
    if (cidrs == null || cidrs.isEmpty()) {
      return NONE;
    }
    List<Block> blocks = new ArrayList<>();
    for (String c : cidrs) {
      blocks.add(Block.parse(c, what));
    }
    return new CidrBlocks(blocks);
  }

  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** Whether one of the blocks holds the address given as its 4 or 16 bytes. */
  public boolean contains(byte[] address) {
    for (Block b : blocks) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  @Override
  public String toString() {
    return blocks.toString();
  }

  private record Block(byte[] network, int prefix, String text) {
    static Block parse(String raw, String what) {
      String s = raw == null ? "" : raw.strip();
      int slash = s.indexOf('/');
      String host = slash < 0 ? s : s.substring(0, slash);
      if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)))) {
        throw new IllegalArgumentException(what + " '" + raw + "' is not an IP address or CIDR block");
      }
      byte[] net;
      try {
        net = InetAddress.getByName(host).getAddress(); // a literal: no lookup
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(what + " '" + raw + "' is not an IP address or CIDR block");
      }
      int bits = net.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException(what + " '" + raw + "': prefix length must be 0-" + bits);
        }
      }
      return new Block(mask(net, prefix), prefix, s);
    }

    /** Compares in place: on the SFU's shared port this runs for every datagram. */
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int i = 0; i < address.length; i++) {
        int keep = Math.max(0, Math.min(8, prefix - i * 8));
        if (keep == 0) {
          return true;
        }
        if (((address[i] ^ network[i]) & (0xff << (8 - keep)) & 0xff) != 0) {
          return false;
        }
      }
      return true;
    }

    private static byte[] mask(byte[] a, int prefix) {
      byte[] out = a.clone();
      for (int i = 0; i < out.length; i++) {
        int keep = Math.max(0, Math.min(8, prefix - i * 8));
        out[i] &= (byte) (0xff << (8 - keep));
      }
      return out;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
