package io.tapline.sfu.forward;

/** Stable reason codes of the forwarding core (parse failures use the parser's own codes). */
public final class DropReasons {
  /** A packet from another address than the track's publisher while the publisher is live. */
  public static final String WRONG_SOURCE = "rtp.wrong_source";
  /** An SSRC the track does not expect (announced SSRC, or a second stream while the first is live). */
  public static final String UNKNOWN_SSRC = "rtp.unknown_ssrc";
  /** A packet on a simulcast track whose SSRC and rid header extension name none of its layers. */
  public static final String UNKNOWN_LAYER = "rtp.unknown_layer";
  public static final String UNEXPECTED_PAYLOAD_TYPE = "rtp.unexpected_payload_type";
  public static final String MUTED = "track.muted";
  /** A late packet from before a subscriber's stream was re-based (publisher restart, unmute). */
  public static final String BEFORE_REBASE = "rtp.before_rebase";
  /** The socket send buffer was full: the subscriber (or this host) cannot keep up. */
  public static final String SEND_BUFFER_FULL = "send.buffer_full";
  public static final String SEND_FAILED = "send.failed";
  /** RTCP sender report or feedback naming an SSRC that is neither the publisher's nor a subscriber's. */
  public static final String RTCP_UNKNOWN_SSRC = "rtcp.unknown_ssrc";
  /** A NACK from a subscriber that did not ask for retransmissions, or for a packet no longer cached. */
  public static final String NACK_UNSERVED = "rtcp.nack_unserved";

  private DropReasons() {}
}
