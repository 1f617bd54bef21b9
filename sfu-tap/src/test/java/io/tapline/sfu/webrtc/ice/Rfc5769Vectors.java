package io.tapline.sfu.webrtc.ice;

import java.util.HexFormat;

/** The test vectors of RFC 5769 section 2, copied from the RFC text. */
final class Rfc5769Vectors {
  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
  static final String USERNAME = "evtj:h6vY";
  static final byte[] TRANSACTION_ID = hex("b7e7a701bc34d686fa87dfae");

  /** Section 2.1: sample request. */
  static final byte[] REQUEST = hex(""
      + "000100582112a442b7e7a701bc34d686fa87dfae"
      + "80220010" + "5354554e20746573" + "7420636c69656e74"
      + "00240004" + "6e0001ff"
      + "80290008" + "932ff9b151263b36"
      + "00060009" + "6576746a3a68367659202020"
      + "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
      + "80280004" + "e57a3bcf");

  /** Section 2.2: sample IPv4 response, mapped address 192.0.2.1:32853. */
  static final byte[] RESPONSE_IPV4 = hex(""
      + "0101003c2112a442b7e7a701bc34d686fa87dfae"
      + "8022000b" + "7465737420766563746f7220"
      + "00200008" + "0001a147e112a643"
      + "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7"
      + "80280004" + "c07d4c96");

  /** Section 2.3: sample IPv6 response, [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
  static final byte[] RESPONSE_IPV6 = hex(""
      + "010100482112a442b7e7a701bc34d686fa87dfae"
      + "8022000b" + "7465737420766563746f7220"
      + "00200014" + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
      + "00080014" + "a382954e4be67bf11784c97c8292c275bfe3ed41"
      + "80280004" + "c8fb0b4c");

  private Rfc5769Vectors() {}

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
