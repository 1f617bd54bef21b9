package io.tapline.sfu.webrtc.transport;

import io.tapline.pipeline.net.CidrBlocks;
import java.net.InetAddress;
import java.util.List;

/**
 * The networks WebRTC peers may connect from, as CIDR blocks ({@code 127.0.0.0/8},
 * {@code 10.0.0.0/8}, {@code ::1/128}; parsed by the pipeline's {@link CidrBlocks}). Datagrams from
 * any other source are dropped before ICE sees them, so a connectivity check from an address
 * outside these networks gets no answer and that candidate pair never becomes the selected one.
 * Empty allows every address.
 */
public final class PeerNetworks {
  private static final PeerNetworks ANY = new PeerNetworks(CidrBlocks.none());

  private final CidrBlocks blocks;

  private PeerNetworks(CidrBlocks blocks) {
    this.blocks = blocks;
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
    CidrBlocks b = CidrBlocks.parse(cidrs, "peer network");
    return b.isEmpty() ? ANY : new PeerNetworks(b);
  }

  public boolean allows(InetAddress address) {
    return blocks.isEmpty() || blocks.contains(address.getAddress()); // a copy, the one allocation per check
  }

  public boolean allowsAll() {
    return blocks.isEmpty();
  }

  @Override
  public String toString() {
    return blocks.isEmpty() ? "any" : blocks.toString();
  }
}
