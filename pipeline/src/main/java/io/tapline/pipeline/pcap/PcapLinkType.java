package io.tapline.pipeline.pcap;

/**
 * Link types {@link PcapWriter} can write (https://www.tcpdump.org/linktypes.html). Both are read
 * back by {@link PcapReader} and decoded by Wireshark without any option.
 */
public enum PcapLinkType {
  /** LINKTYPE_ETHERNET: each frame starts with a 14-byte Ethernet II header. */
  ETHERNET(1, 14),
  /** LINKTYPE_RAW: each frame is an IP packet (IPv4 here). */
  RAW_IPV4(101, 0);

  private final int code;
  private final int headerLength;

  PcapLinkType(int code, int headerLength) {
    this.code = code;
    this.headerLength = headerLength;
  }

  public int code() {
    return code;
  }

  /** Bytes of link-layer header before the IP header. */
  int headerLength() {
    return headerLength;
  }
}
