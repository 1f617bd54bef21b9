package io.tapline.pipeline.pcap;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP/IPv4 datagrams of a classic libpcap file (the format of {@code tcpdump -w} and
 * {@code tshark -F pcap -w}; pcapng is refused with a hint). Link types: NULL/loopback (0),
 * Ethernet (1, with 802.1Q tags), raw IPv4 (101, 228), Linux cooked v1 (113) and v2 (276).
 *
 * <p>Frames that are not IPv4/UDP, fragments and damaged frames are counted in {@link #drops()} and
 * skipped; a file cut mid-record ends the stream and sets {@link #truncated()}. A file that is not
 * a classic pcap is refused with a {@link PcapFormatException}.
 *
 * <p>File layout (https://www.tcpdump.org/manpages/pcap-savefile.5.html): a 24-byte global
 * header (magic, version 2.4, thiszone, sigfigs, snaplen, linktype), then per packet a 16-byte
 * record header (ts_sec, ts_usec or ts_nsec, incl_len, orig_len) and incl_len bytes.
 */
public final class PcapReader implements Closeable {
  private static final int MAGIC_MICROS = 0xa1b2c3d4;
  private static final int MAGIC_NANOS = 0xa1b23c4d;
  private static final int MAGIC_PCAPNG = 0x0a0d0d0a;
  private static final int MAX_RECORD = 256 * 1024;

  private final InputStream in;
  private final boolean swapped;
  private final boolean nanos;
  private final int linkType;
  private final DropCounters drops = new DropCounters();
  private boolean truncated;
  private boolean closed;

  public PcapReader(InputStream in) throws IOException {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
    byte[] header = new byte[24];
    if (readFully(header) != 24) {
      throw new PcapFormatException("pcap.short_header", "not a pcap file: shorter than its 24-byte header");
    }
    int magic = beInt(header, 0);
    if (magic == MAGIC_PCAPNG) {
      throw new PcapFormatException("pcap.pcapng", "pcapng is not supported: write classic pcap (tshark -F pcap, tcpdump -w)");
    }
    if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
      swapped = false;
      nanos = magic == MAGIC_NANOS;
    } else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
      swapped = true;
      nanos = Integer.reverseBytes(magic) == MAGIC_NANOS;
    } else {
      throw new PcapFormatException("pcap.magic", "not a pcap file: magic 0x" + Integer.toHexString(magic));
    }
    linkType = u32(header, 20) & 0x0fffffff;
  }

  public static PcapReader open(Path file) throws IOException {
    return new PcapReader(Files.newInputStream(file));
  }

  /** All UDP datagrams of a file. */
  public static List<UdpDatagram> readAll(Path file) throws IOException {
    try (PcapReader r = open(file)) {
      List<UdpDatagram> out = new ArrayList<>();
      for (UdpDatagram d = r.next(); d != null; d = r.next()) {
        out.add(d);
      }
      return out;
    }
  }

  public int linkType() {
    return linkType;
  }

  /** Frames skipped, by reason (e.g. {@code pcap.not_udp}). */
  public DropCounters drops() {
    return drops;
  }

  /** Whether the file ended in the middle of a record. */
  public boolean truncated() {
    return truncated;
  }

  /** The next UDP datagram, or {@code null} at the end of the file. */
  public UdpDatagram next() throws IOException {
    byte[] rec = new byte[16];
    while (true) {
      int n = readFully(rec);
      if (n == 0) {
        return null;
      }
      if (n < 16) {
        truncated = true;
        return null;
      }
      long sec = u32(rec, 0) & 0xffffffffL;
      long frac = u32(rec, 4) & 0xffffffffL;
      int inclLen = u32(rec, 8);
      if (inclLen < 0 || inclLen > MAX_RECORD) {
        truncated = true; // a corrupt length: nothing after it can be trusted
        return null;
      }
      byte[] frame = new byte[inclLen];
      if (readFully(frame) < inclLen) {
        truncated = true;
        return null;
      }
      long micros = sec * 1_000_000L + (nanos ? frac / 1000 : frac);
      try {
        return decodeFrame(micros, frame);
      } catch (MalformedPacketException e) {
        drops.count(e);
      }
    }
  }

  private UdpDatagram decodeFrame(long micros, byte[] f) throws MalformedPacketException {
    int ip;
    switch (linkType) {
      case 0 -> { // BSD loopback: 4-byte address family in host order; 2 is AF_INET everywhere
        need(f, 4);
        int family = (f[0] & 0xff) | (f[3] & 0xff);
        if (family != 2) {
          throw new MalformedPacketException("pcap.not_ipv4", "loopback family " + family);
        }
        ip = 4;
      }
      case 1 -> {
        need(f, 14);
        int pos = 12;
        int etherType = beShort(f, pos);
        while (etherType == 0x8100 || etherType == 0x88a8) { // VLAN tags
          pos += 4;
          need(f, pos + 2);
          etherType = beShort(f, pos);
        }
        expectIpv4(etherType);
        ip = pos + 2;
      }
      case 101, 228 -> ip = 0;
      case 113 -> {
        need(f, 16);
        expectIpv4(beShort(f, 14));
        ip = 16;
      }
      case 276 -> {
        need(f, 20);
        expectIpv4(beShort(f, 0));
        ip = 20;
      }
      default -> throw new MalformedPacketException("pcap.link_type", "unsupported link type " + linkType);
    }
    need(f, ip + 20);
    if ((f[ip] & 0xf0) != 0x40) {
      throw new MalformedPacketException("pcap.not_ipv4", "IP version " + ((f[ip] & 0xff) >>> 4));
    }
    int ihl = (f[ip] & 0x0f) * 4;
    if (ihl < 20) { // RFC 791 section 3.1: IHL counts 32-bit words, at least 5
      throw new MalformedPacketException("pcap.ip_header", "IHL " + ihl + " bytes");
    }
    int totalLength = beShort(f, ip + 2);
    int flagsFragment = beShort(f, ip + 6);
    if ((flagsFragment & 0x3fff) != 0) { // MF set or a non-zero offset
      throw new MalformedPacketException("pcap.fragment", "IP fragment");
    }
    if ((f[ip + 9] & 0xff) != 17) {
      throw new MalformedPacketException("pcap.not_udp", "IP protocol " + (f[ip + 9] & 0xff));
    }
    int udp = ip + ihl;
    need(f, udp + 8);
    int udpLength = beShort(f, udp + 4);
    if (udpLength < 8 || udp + udpLength > f.length || ihl + udpLength > totalLength) {
      throw new MalformedPacketException("pcap.udp_length", "UDP length " + udpLength);
    }
    return new UdpDatagram(
        micros,
        dotted(f, ip + 12),
        beShort(f, udp),
        dotted(f, ip + 16),
        beShort(f, udp + 2),
        Arrays.copyOfRange(f, udp + 8, udp + udpLength));
  }

  private static void expectIpv4(int etherType) throws MalformedPacketException {
    if (etherType != 0x0800) {
      throw new MalformedPacketException("pcap.not_ipv4", "ethertype 0x" + Integer.toHexString(etherType));
    }
  }

  private static void need(byte[] f, int n) throws MalformedPacketException {
    if (f.length < n) {
      throw new MalformedPacketException("pcap.frame_truncated", f.length + " < " + n + " bytes");
    }
  }

  private static String dotted(byte[] b, int i) {
    return (b[i] & 0xff) + "." + (b[i + 1] & 0xff) + "." + (b[i + 2] & 0xff) + "." + (b[i + 3] & 0xff);
  }

  private int u32(byte[] b, int i) {
    int v = beInt(b, i);
    return swapped ? Integer.reverseBytes(v) : v;
  }

  private static int beInt(byte[] b, int i) {
    return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  private static int beShort(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private int readFully(byte[] buf) throws IOException {
    int total = 0;
    while (total < buf.length) {
      int n = in.read(buf, total, buf.length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      in.close();
    }
  }

}
