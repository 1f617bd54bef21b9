package io.tapline.compositor.codec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The codecs the compositor understands, looked up by SDP encoding name. */
public final class RtpCodecs {
  private static final List<RtpCodec> ALL = List.of(new Vp8Codec(), new Vp9Codec(), new H264Codec(), new Av1Codec(),
      new OpusCodec());

  private RtpCodecs() {}

  public static Optional<RtpCodec> forName(String encodingName) {
    if (encodingName == null) {
      return Optional.empty();
    }
    String n = encodingName.toUpperCase(Locale.ROOT);
    return ALL.stream().filter(c -> c.name().equalsIgnoreCase(n)).findFirst();
  }
}
