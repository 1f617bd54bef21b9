package io.tapline.sfu.media;

/**
 * A connection that carries many tracks of one participant over one transport (a WebRTC
 * PeerConnection: ICE, DTLS-SRTP, BUNDLE), instead of a port pair per track. The conversation
 * layer passes it through opaquely; the media plane that made it knows its type.
 */
public interface MediaConnection {
  /** Unique on this node, for logs. */
  String id();
}
