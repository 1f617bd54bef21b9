package io.tapline.sfu.webrtc.ice;

/**
 * STUN attribute types this package reads or writes: RFC 8489 section 18.3 and the ICE
 * attributes of RFC 8445 section 16.1. Types below 0x8000 are comprehension-required (RFC 8489
 * section 14): a request carrying one we don't know gets a 420 response.
 */
public final class StunAttributes {
  public static final int USERNAME = 0x0006;
  public static final int MESSAGE_INTEGRITY = 0x0008;
  public static final int ERROR_CODE = 0x0009;
  public static final int UNKNOWN_ATTRIBUTES = 0x000A;
  public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
  public static final int XOR_MAPPED_ADDRESS = 0x0020;
  public static final int PRIORITY = 0x0024;
  public static final int USE_CANDIDATE = 0x0025;
  public static final int SOFTWARE = 0x8022;
  public static final int FINGERPRINT = 0x8028;
  public static final int ICE_CONTROLLED = 0x8029;
  public static final int ICE_CONTROLLING = 0x802A;

  private StunAttributes() {}

  /** Whether a receiver that does not know the type must refuse the message. */
  public static boolean isComprehensionRequired(int type) {
    return type < 0x8000;
  }

  /** The comprehension-required types a Binding request to an ICE agent may carry. */
  static boolean isKnownRequired(int type) {
    return type == USERNAME
        || type == MESSAGE_INTEGRITY
        || type == MESSAGE_INTEGRITY_SHA256
        || type == ERROR_CODE
        || type == UNKNOWN_ATTRIBUTES
        || type == XOR_MAPPED_ADDRESS
        || type == PRIORITY
        || type == USE_CANDIDATE;
  }
}
