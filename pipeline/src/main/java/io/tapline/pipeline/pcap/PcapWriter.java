package io.tapline.pipeline.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes UDP datagrams to a classic libpcap file (https://www.tcpdump.org/manpages/pcap-savefile.5.html,
 * version 2.4, microsecond timestamps, big-endian), wrapping each payload in synthetic IPv4
 * (RFC 791) and UDP (RFC 768) headers, so that Wireshark and tshark read what a segment holds.
 *
 * <p>The IPv4 header checksum is computed; the UDP checksum is left 0 ("no checksum", allowed for
 * IPv4 by RFC 768). Closing twice is safe.
 */
public final class PcapWriter implements Closeable {
  static final int SNAPLEN = 262_144;
  /** Largest UDP payload that fits an IPv4 packet: 65535 - 20 (IPv4) - 8 (UDP). */
  public static final int MAX_PAYLOAD = 65_507;
  private static final int IPV4_HEADER = 20;
  private static final int UDP_HEADER = 8;
  // Locally administered unicast MACs (RFC 7042 section 2.1): never a real vendor's address.
  private static final byte[] SOURCE_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
  private static final byte[] DESTINATION_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

  private final OutputStream out;
  private final PcapLinkType linkType;
  private int ipIdentification;
  private long packets;
  private boolean closed;

  /** A writer over a caller's stream (closing the writer closes it); writes the file header now. */
  public PcapWriter(OutputStream stream, PcapLinkType linkType) throws IOException {
    this.out = stream instanceof BufferedOutputStream ? stream : new BufferedOutputStream(stream, 64 * 1024);
    this.linkType = linkType;
    byte[] header = new byte[24];
    putInt(header, 0, 0xa1b2c3d4); // microsecond resolution, written in big-endian order
    putShort(header, 4, 2);
    putShort(header, 6, 4);
    // thiszone and sigfigs stay 0 (timestamps are UTC)
    putInt(header, 16, SNAPLEN);
    putInt(header, 20, linkType.code());
    out.write(header);
  }

  /** Creates (or replaces) {@code file}. */
  public static PcapWriter create(Path file, PcapLinkType linkType) throws IOException {
    return new PcapWriter(
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE),
        linkType);
  }

  /**
   * Appends one datagram with its capture time.
   *
   * @throws IllegalArgumentException for an address that is not dotted IPv4, a port outside
   *     0-65535 or a payload larger than {@link #MAX_PAYLOAD}
   */
  public synchronized void write(UdpDatagram d) throws IOException {
    if (closed) {
      throw new IOException("pcap writer is closed");
    }
    byte[] payload = d.payload();
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("UDP payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
    }
    checkPort(d.sourcePort());
    checkPort(d.destinationPort());
    int link = linkType.headerLength();
    int udpLength = UDP_HEADER + payload.length;
    int ipLength = IPV4_HEADER + udpLength;
    byte[] frame = new byte[link + IPV4_HEADER + UDP_HEADER];
    if (linkType == PcapLinkType.ETHERNET) {
      System.arraycopy(DESTINATION_MAC, 0, frame, 0, 6);
      System.arraycopy(SOURCE_MAC, 0, frame, 6, 6);
      putShort(frame, 12, 0x0800); // IPv4
    }
    int ip = link;
    frame[ip] = 0x45; // version 4, IHL 5 words
    putShort(frame, ip + 2, ipLength);
    putShort(frame, ip + 4, ipIdentification++ & 0xffff);
    putShort(frame, ip + 6, 0x4000); // don't fragment, offset 0
    frame[ip + 8] = 64; // TTL
    frame[ip + 9] = 17; // UDP
    putAddress(frame, ip + 12, d.source());
    putAddress(frame, ip + 16, d.destination());
    putShort(frame, ip + 10, ipv4Checksum(frame, ip));
    int udp = ip + IPV4_HEADER;
    putShort(frame, udp, d.sourcePort());
    putShort(frame, udp + 2, d.destinationPort());
    putShort(frame, udp + 4, udpLength);

    long micros = d.timeMicros();
    byte[] record = new byte[16];
    putInt(record, 0, (int) Math.floorDiv(micros, 1_000_000L));
    putInt(record, 4, (int) Math.floorMod(micros, 1_000_000L));
    int frameLength = frame.length + payload.length;
    putInt(record, 8, frameLength);
    putInt(record, 12, frameLength);
    out.write(record);
    out.write(frame);
    out.write(payload);
    packets++;
  }

  public synchronized long packets() {
    return packets;
  }

  /** Hands buffered frames to the operating system. */
  public synchronized void flush() throws IOException {
    if (!closed) {
      out.flush();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  /** RFC 791 section 3.1: one's complement of the one's complement sum of the header's 16-bit words. */
  static int ipv4Checksum(byte[] b, int offset) {
    int sum = 0;
    for (int i = 0; i < IPV4_HEADER; i += 2) {
      sum += ((b[offset + i] & 0xff) << 8) | (b[offset + i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return ~sum & 0xffff;
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  private static void putAddress(byte[] b, int i, String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not a dotted IPv4 address: " + dotted);
    }
    for (int k = 0; k < 4; k++) {
      int v;
      try {
        v = Integer.parseInt(parts[k]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a dotted IPv4 address: " + dotted, e);
      }
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("not a dotted IPv4 address: " + dotted);
      }
      b[i + k] = (byte) v;
    }
  }

  private static void putShort(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  private static void putInt(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
