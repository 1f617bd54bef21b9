package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.pcap.PcapReader;
import io.tapline.pipeline.pcap.UdpDatagram;
import io.tapline.pipeline.rtp.RtpPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The RTP packets of a committed capture under {@code fixtures/}, with their arrival times. */
record CapturedStream(List<RtpPacket> packets, List<Long> arrivals) {

  static CapturedStream load(String fixture) {
    try {
      Path path = Path.of(CapturedStream.class.getResource("/fixtures/" + fixture).toURI());
      List<RtpPacket> packets = new ArrayList<>();
      List<Long> arrivals = new ArrayList<>();
      for (UdpDatagram d : PcapReader.readAll(path)) {
        if (RtpPacket.looksLikeRtp(d.payload(), 0, d.payload().length)) {
          packets.add(RtpPacket.parse(d.payload()));
          arrivals.add(d.timeMicros());
        }
      }
      return new CapturedStream(packets, arrivals);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | MalformedPacketException e) {
      throw new IllegalStateException(fixture, e);
    }
  }

  /** The same stream without the packets {@code drop} selects (by index). */
  CapturedStream without(Predicate<Integer> drop) {
    List<RtpPacket> p = new ArrayList<>();
    List<Long> a = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      if (!drop.test(i)) {
        p.add(packets.get(i));
        a.add(arrivals.get(i));
      }
    }
    return new CapturedStream(p, a);
  }

  /** Feeds every packet and flushes; malformed packets fail the test. */
  List<Frame> feed(Depacketizer d) throws MalformedPacketException {
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      d.push(packets.get(i), arrivals.get(i), out);
    }
    d.flush(out);
    return out;
  }

  /** Index of the first packet of the {@code n}-th frame start that {@code starts} recognises. */
  int indexOfStart(Predicate<RtpPacket> starts, int n) {
    int seen = 0;
    for (int i = 0; i < packets.size(); i++) {
      if (starts.test(packets.get(i)) && seen++ == n) {
        return i;
      }
    }
    throw new IllegalArgumentException("no start #" + n);
  }

  /** Index of the packet with this sequence number. */
  int indexOfSequence(int seq) {
    for (int i = 0; i < packets.size(); i++) {
      if (packets.get(i).sequenceNumber() == seq) {
        return i;
      }
    }
    throw new IllegalArgumentException("no packet " + seq);
  }
}
