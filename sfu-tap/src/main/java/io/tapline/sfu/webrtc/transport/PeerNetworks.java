package io.tapline.sfu.webrtc.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks WebRTC peers may connect from, as CIDR blocks ({@code 127.0.0.0/8},
 * {@code 10.0.0.0/8}, {@code ::1/128}; RFC 4632 section 3.1 notation). Datagrams from any other
 * source are dropped before ICE sees them, so a connectivity check from an address outside these
 * networks gets no answer and that candidate pair never becomes the selected one. Empty allows
 * every address.
 */
public final class PeerNetworks {
  private static final PeerNetworks ANY = new PeerNetworks(List.of());

  private final List<Block> blocks;

  private PeerNetworks(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Every source allowed. */
  public static PeerNetworks any() {
    return ANY;
  }

  /**
   * @param cidrs blocks such as {@code 127.0.0.0/8}; a bare address means that one host
   * @throws IllegalArgumentException naming the entry that is not a literal address with a prefix
   *     length that fits it (host names are refused: no DNS lookup happens here)
   */
  public static PeerNetworks parse(List<String> cidrs) {
    if (cidrs == null || cidrs.isEmpty()) {
      return ANY;
    }
    List<Block> blocks = new ArrayList<>();
    for (String c : cidrs) {
      blocks.add(Block.parse(c));
    }
    return new PeerNetworks(blocks);
  }

  public boolean allows(InetAddress address) {
    if (blocks.isEmpty()) {
      return true;
    }
    byte[] a = address.getAddress(); // a copy, the one allocation per check
    for (Block b : blocks) {
      if (b.contains(a)) {
        return true;
      }
    }
    return false;
  }

  public boolean allowsAll() {
    return blocks.isEmpty();
  }

  @Override
  public String toString() {
    return blocks.isEmpty() ? "any" : blocks.toString();
  }

  private record Block(byte[] network, int prefix, String text) {
    static Block parse(String raw) {
      String s = raw == null ? "" : raw.strip();
      int slash = s.indexOf('/');
      String host = slash < 0 ? s : s.substring(0, slash);
      if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)))) {
        throw new IllegalArgumentException("peer network '" + raw + "' is not an IP address or CIDR block");
      }
      byte[] net;
      try {
        net = InetAddress.getByName(host).getAddress(); // a literal: no lookup
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("peer network '" + raw + "' is not an IP address or CIDR block");
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
          throw new IllegalArgumentException("peer network '" + raw + "': prefix length must be 0-" + bits);
        }
      }
      return new Block(mask(net, prefix), prefix, s);
    }

    /** Compares in place: this runs for every datagram on the shared port, so it allocates nothing. */
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
