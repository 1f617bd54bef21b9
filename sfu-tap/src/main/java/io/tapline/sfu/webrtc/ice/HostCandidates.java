package io.tapline.sfu.webrtc.ice;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The candidates a node advertises: one UDP host candidate per advertised address on the shared
 * port, and optionally a passive TCP one (RFC 6544) per address. The advertised addresses are
 * configured rather than discovered, so that a node behind a 1:1 NAT (a cloud VM) advertises its
 * public address. Earlier addresses get the higher local preference; UDP is preferred over TCP.
 */
public final class HostCandidates {
  private static final int COMPONENT_RTP = 1;
  /** RFC 6544 section 4.2: direction preference of passive candidates, shifted by 13 bits. */
  private static final int PASSIVE_DIRECTION_PREFERENCE = 4;

  private final List<InetAddress> advertised;
  private final int udpPort;
  private final OptionalInt tcpPort;

  public HostCandidates(List<InetAddress> advertised, int udpPort, OptionalInt tcpPort) {
    if (advertised.isEmpty() || advertised.size() > 100) {
      throw new IllegalArgumentException("advertise 1 to 100 addresses, not " + advertised.size());
    }
    this.advertised = List.copyOf(advertised);
    this.udpPort = udpPort;
    this.tcpPort = tcpPort;
  }

  public List<IceCandidate> candidates() {
    List<IceCandidate> out = new ArrayList<>();
    int foundation = 1;
    for (int i = 0; i < advertised.size(); i++) {
      InetAddress address = advertised.get(i);
      int localPreference = 65535 - i;
      out.add(new IceCandidate(Integer.toString(foundation++), COMPONENT_RTP, "udp",
          IceCandidate.priority(IceCandidate.HOST_TYPE_PREFERENCE, localPreference, COMPONENT_RTP),
          address, udpPort, null));
    }
    if (tcpPort.isPresent()) {
      for (int i = 0; i < advertised.size(); i++) {
        // RFC 6544 section 4.2: local preference = 2^13 * direction-pref + other-pref; TCP also
        // takes a lower type preference so browsers try UDP first
        int localPreference = (PASSIVE_DIRECTION_PREFERENCE << 13) + (8191 - i);
        out.add(new IceCandidate(Integer.toString(foundation++), COMPONENT_RTP, "tcp",
            IceCandidate.priority(IceCandidate.HOST_TYPE_PREFERENCE - 36, localPreference,
                COMPONENT_RTP),
            advertised.get(i), tcpPort.getAsInt(), "passive"));
      }
    }
    return out;
  }
}
