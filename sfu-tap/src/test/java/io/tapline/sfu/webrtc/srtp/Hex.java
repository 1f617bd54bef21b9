package io.tapline.sfu.webrtc.srtp;

import java.util.HexFormat;

/** Hex test vectors as the RFCs print them: spaces and line breaks ignored. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s", "").toLowerCase());
  }

  static String of(byte[] b, int off, int len) {
    return HexFormat.of().formatHex(b, off, off + len);
  }
}
