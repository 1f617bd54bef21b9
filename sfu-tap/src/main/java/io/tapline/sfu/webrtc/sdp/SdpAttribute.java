package io.tapline.sfu.webrtc.sdp;

import java.util.Optional;

/**
 * An {@code a=} line (RFC 8866 section 5.13): a property attribute {@code a=<name>} (value null)
 * or a value attribute {@code a=<name>:<value>}.
 */
public record SdpAttribute(String name, String valueOrNull) {
  public static SdpAttribute flag(String name) {
    return new SdpAttribute(name, null);
  }

  public static SdpAttribute of(String name, String value) {
    return new SdpAttribute(name, value);
  }

  public Optional<String> value() {
    return Optional.ofNullable(valueOrNull);
  }

  @Override
  public String toString() {
    return valueOrNull == null ? "a=" + name : "a=" + name + ":" + valueOrNull;
  }
}
