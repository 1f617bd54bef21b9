package io.tapline.sfu.webrtc.ice;

import java.net.InetAddress;

/**
 * A local candidate as an SDP attribute value (RFC 8839 section 5.1):
 *
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt;
 *     &lt;connection-address&gt; &lt;port&gt; typ &lt;cand-type&gt; [tcptype &lt;tcp-type&gt;]
 * </pre>
 *
 * <p>An ICE-lite agent has host candidates only (RFC 8445 section 2.5). With rtcp-mux and
 * BUNDLE there is one component. {@code tcptype} is RFC 6544 section 4.5; a lite SFU listens, so
 * its TCP candidates are passive.
 */
public record IceCandidate(String foundation, int component, String transport, long priority,
    InetAddress address, int port, String tcpType) {
  /** RFC 8445 section 5.1.2.2: the recommended type preference of host candidates. */
  static final int HOST_TYPE_PREFERENCE = 126;

  public IceCandidate {
    if (!foundation.matches("[A-Za-z0-9+/]{1,32}")) {
      throw new IllegalArgumentException("foundation must be 1-32 ice-chars: " + foundation);
    }
    if (component < 1 || component > 256) {
      throw new IllegalArgumentException("component out of 1-256: " + component);
    }
    if (!transport.equals("udp") && !transport.equals("tcp")) {
      throw new IllegalArgumentException("transport must be udp or tcp: " + transport);
    }
    if (priority < 1 || priority > 0xffffffffL) {
      throw new IllegalArgumentException("priority out of 1-2^32-1: " + priority);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (transport.equals("tcp") != (tcpType != null)) {
      throw new IllegalArgumentException("tcptype goes with tcp only");
    }
  }

  /**
   * RFC 8445 section 5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 -
   * component id).
   */
  public static long priority(int typePreference, int localPreference, int component) {
    return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
  }

  /** The value of an {@code a=candidate} line, without the {@code a=}. */
  public String toAttributeValue() {
    StringBuilder sb = new StringBuilder("candidate:")
        .append(foundation).append(' ')
        .append(component).append(' ')
        .append(transport).append(' ')
        .append(priority).append(' ')
        .append(address.getHostAddress()).append(' ')
        .append(port)
        .append(" typ host");
    if (tcpType != null) {
      sb.append(" tcptype ").append(tcpType);
    }
    return sb.toString();
  }
}
