package io.tapline.sfu.tools;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.sfu.testing.BrowserSide;
import io.tapline.sfu.webrtc.dtls.DtlsCertificate;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.ice.StunClass;
import io.tapline.sfu.webrtc.ice.StunMessage;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The generator's side of the SRTP mode: one WebRTC connection per publisher and per subscriber to
 * the SFU's one UDP port, each set up as a browser does (an ICE check with USE-CANDIDATE, then the
 * DTLS-SRTP handshake, {@link BrowserSide}), then publishers send SRTP and subscribers unprotect
 * what arrives. The send time (nanoTime) and the measuring flag are inside the encrypted payload, at
 * the same payload offsets (0 and 8) as the plain modes. The per-packet paths reuse their buffers:
 * what they cost is the SRTP transform, not garbage.
 */
final class SrtpClients implements AutoCloseable {
  /** Browsers refresh consent every ~5 s (RFC 7675 section 5.1); the SFU expires a pair after 30 s without. */
  private static final long CONSENT_INTERVAL_NANOS = 5_000_000_000L;
  private static final int SETUP_TIMEOUT_MILLIS = 10_000;

  private final List<Connection> publishers;
  private final List<Connection> subscribers;
  private long undecryptable; // receiver thread

  /** One connection: its socket, its SFU-side ICE credentials, its SRTP contexts. */
  private record Connection(DatagramChannel channel, IceCredentials sfu, SrtpContext out, SrtpContext in) {}

  private SrtpClients(List<Connection> publishers, List<Connection> subscribers) {
    this.publishers = publishers;
    this.subscribers = subscribers;
  }

  /** Checks, nominates and handshakes every connection of {@code setup} (in order, on this thread). */
  static SrtpClients connect(Forwarders.WebRtcSetup setup, DtlsCertificate ours, SrtpProfile profile)
      throws IOException {
    List<Connection> pubs = new ArrayList<>();
    List<Connection> subs = new ArrayList<>();
    try {
      for (IceCredentials c : setup.publishers()) {
        pubs.add(open(setup, c, ours, profile));
      }
      for (IceCredentials c : setup.subscribers()) {
        subs.add(open(setup, c, ours, profile));
      }
    } catch (IOException | RuntimeException e) {
      closeAll(pubs);
      closeAll(subs);
      throw e;
    }
    return new SrtpClients(pubs, subs);
  }

  private static Connection open(Forwarders.WebRtcSetup setup, IceCredentials sfu, DtlsCertificate ours,
      SrtpProfile profile) throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ch.connect(setup.address());
      var socket = ch.socket();
      socket.setSoTimeout(SETUP_TIMEOUT_MILLIS);
      byte[] check = BrowserSide.bindingRequest(sfu, BrowserSide.UFRAG, true, BrowserSide.UDP_PRIORITY);
      socket.send(new DatagramPacket(check, check.length, setup.address()));
      byte[] buf = new byte[1500];
      DatagramPacket answer = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(answer);
      } catch (SocketTimeoutException e) {
        throw new IOException("no answer to the ICE check of " + sfu.ufrag() + " in " + SETUP_TIMEOUT_MILLIS + " ms", e);
      }
      StunMessage response = StunMessage.parse(Arrays.copyOf(buf, answer.getLength()));
      if (response.messageClass() != StunClass.SUCCESS_RESPONSE || !response.verifyIntegrity(sfu.key())) {
        throw new IOException("the ICE check of " + sfu.ufrag() + " was answered with " + response.messageClass());
      }
      var keys = BrowserSide.handshake(BrowserSide.udp(socket, setup.address(), SETUP_TIMEOUT_MILLIS), ours,
          setup.fingerprint(), profile);
      if (keys.profile() != profile) {
        throw new IOException("the SFU chose " + keys.profile() + ", not the offered " + profile);
      }
      ch.configureBlocking(false);
      return new Connection(ch, sfu, keys.outbound(new DropCounters()), keys.inbound(new DropCounters()));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    } catch (Exception e) {
      ch.close();
      throw new IOException("the ICE check's answer does not parse: " + e.getMessage(), e);
    }
  }

  /**
   * Paces every publisher from this thread in 1 ms bursts like the plain sender: the RTP packet
   * (SSRC {@link Forwarders.WebRtcSetup#publisherSsrc}) is built, protected into a second buffer
   * and written to the publisher's connected socket. Sends a consent check on every connection
   * every 5 s.
   */
  void send(int rate, int payloadBytes, AtomicBoolean running, AtomicBoolean measuring, long[] sent) {
    byte[] packet = new byte[12 + payloadBytes];
    ByteBuffer buf = ByteBuffer.wrap(packet);
    byte[] protectedPacket = new byte[packet.length + SrtpContext.MAX_OVERHEAD];
    ByteBuffer out = ByteBuffer.wrap(protectedPacket);
    packet[0] = (byte) 0x80;
    packet[1] = 111;
    long start = System.nanoTime();
    long nextConsent = start + CONSENT_INTERVAL_NANOS;
    long due = 0;
    int seq = 0;
    try {
      while (running.get()) {
        long now = System.nanoTime();
        if (now - nextConsent >= 0) {
          refreshConsent();
          nextConsent = now + CONSENT_INTERVAL_NANOS;
        }
        long shouldHave = (now - start) * rate / 1_000_000_000L;
        for (; due < shouldHave; due++, seq++) {
          for (int p = 0; p < publishers.size(); p++) {
            Connection c = publishers.get(p);
            buf.putShort(2, (short) seq).putInt(4, seq * 960).putInt(8, (int) Forwarders.WebRtcSetup.publisherSsrc(p))
                .putLong(12, System.nanoTime());
            boolean m = measuring.get();
            packet[20] = (byte) (m ? 1 : 0);
            int n = c.out().protectRtp(packet, 0, packet.length, protectedPacket, 0);
            out.clear().limit(n);
            c.channel().write(out);
            if (m) {
              sent[0]++;
            }
          }
        }
        LockSupport.parkNanos(500_000);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedPacketException e) {
      throw new IllegalStateException("our own RTP packet was refused by SRTP: " + e.getMessage(), e);
    }
  }

  private void refreshConsent() throws IOException {
    for (List<Connection> cs : List.of(publishers, subscribers)) {
      for (Connection c : cs) {
        c.channel().write(ByteBuffer.wrap(
            BrowserSide.bindingRequest(c.sfu(), BrowserSide.UFRAG, true, BrowserSide.UDP_PRIORITY)));
      }
    }
  }

  /**
   * Receives on every connection: subscribers' SRTP is unprotected in place and, when it was sent
   * while measuring, its latency recorded; anything else (STUN answers, SRTCP, what the SFU sends
   * publishers) is read and dropped so no socket fills up.
   */
  void receive(AtomicBoolean running, LatencyHistogram histogram, long[] received) {
    try (Selector selector = Selector.open()) {
      for (int s = 0; s < subscribers.size(); s++) {
        subscribers.get(s).channel().register(selector, SelectionKey.OP_READ, subscribers.get(s));
      }
      for (Connection c : publishers) {
        c.channel().register(selector, SelectionKey.OP_READ, null);
      }
      byte[] array = new byte[2048];
      ByteBuffer buf = ByteBuffer.wrap(array);
      while (running.get()) {
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          Connection sub = (Connection) key.attachment();
          while (true) {
            buf.clear();
            if (ch.read(buf) <= 0) {
              break;
            }
            if (sub != null && isRtp(array, buf.position())) {
              long now = System.nanoTime();
              record(sub, buf, buf.position(), now, histogram, received);
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void record(Connection sub, ByteBuffer buf, int len, long now, LatencyHistogram histogram,
      long[] received) {
    byte[] array = buf.array();
    int n;
    try {
      n = sub.in().unprotectRtp(array, 0, len);
    } catch (MalformedPacketException e) {
      undecryptable++;
      return;
    }
    int payload = payloadOffset(array, n);
    if (payload >= 0 && n - payload >= 9 && array[payload + 8] == 1) { // sent while measuring
      received[0]++;
      histogram.record(now - buf.getLong(payload));
    }
  }

  /** RTP, not RTCP, by the first two bytes (RFC 7983 section 7, RFC 5761 section 4). */
  private static boolean isRtp(byte[] b, int len) {
    int pt = b[1] & 0xff;
    return len >= 12 && (b[0] & 0xc0) == 0x80 && (pt < 192 || pt > 223);
  }

  /** Where the payload starts after the CSRCs and the header extension (RFC 3550 section 5.3.1); -1 if cut. */
  static int payloadOffset(byte[] b, int len) {
    int off = 12 + 4 * (b[0] & 0x0f);
    if ((b[0] & 0x10) != 0) {
      if (off + 4 > len) {
        return -1;
      }
      off += 4 + 4 * (((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff));
    }
    return off <= len ? off : -1;
  }

  /** Packets that failed to unprotect (authentication, replay), read after the receiver stopped. */
  long undecryptable() {
    return undecryptable;
  }

  @Override
  public void close() throws IOException {
    closeAll(publishers);
    closeAll(subscribers);
  }

  private static void closeAll(List<Connection> cs) throws IOException {
    for (Connection c : cs) {
      c.channel().close();
    }
  }
}
