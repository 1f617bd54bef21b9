package io.tapline.sfu.webrtc.ice;

import io.tapline.pipeline.rtcp.PacketDemux;
import java.util.Optional;

/**
 * What {@link IceLiteDemultiplexer#route} decided about one datagram: its kind, the endpoint it
 * belongs to (none when dropped or when the STUN request named no endpoint we know), the reply
 * to send back to the source (STUN only), and the drop reason when it was refused.
 */
public record Routed(PacketDemux.Kind kind, IceLiteEndpoint endpointOrNull, byte[] replyOrNull,
    String dropReasonOrNull) {

  static Routed media(PacketDemux.Kind kind, IceLiteEndpoint endpoint) {
    return new Routed(kind, endpoint, null, null);
  }

  static Routed stun(IceLiteEndpoint endpoint, byte[] reply, String dropReason) {
    return new Routed(PacketDemux.Kind.STUN, endpoint, reply, dropReason);
  }

  static Routed dropped(PacketDemux.Kind kind, String reason) {
    return new Routed(kind, null, null, reason);
  }

  public Optional<IceLiteEndpoint> endpoint() {
    return Optional.ofNullable(endpointOrNull);
  }

  public Optional<byte[]> reply() {
    return Optional.ofNullable(replyOrNull);
  }

  /** Why the datagram was refused; empty for accepted media and answered valid requests. */
  public Optional<String> dropReason() {
    return Optional.ofNullable(dropReasonOrNull);
  }

  /** Whether this is DTLS, RTP or RTCP accepted for {@link #endpoint()}. */
  public boolean isMedia() {
    return kind != PacketDemux.Kind.STUN && endpointOrNull != null;
  }
}
