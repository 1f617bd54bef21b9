package io.tapline.sfu.webrtc.ice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * An ICE username fragment and password (RFC 8839 section 5.4): ice-chars only, the ufrag 4 to
 * 256 characters, the password 22 to 256. Generated ones carry 48 and 144 random bits, above the
 * 24 and 128 that RFC 8445 section 5.3 asks for.
 */
public record IceCredentials(String ufrag, String pwd) {
  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final Pattern UFRAG = Pattern.compile("[A-Za-z0-9+/]{4,256}");
  private static final Pattern PWD = Pattern.compile("[A-Za-z0-9+/]{22,256}");
  static final int UFRAG_LENGTH = 8;
  static final int PWD_LENGTH = 24;

  public IceCredentials {
    if (!UFRAG.matcher(ufrag).matches()) {
      throw new IllegalArgumentException("ice-ufrag must be 4-256 ice-chars: " + ufrag);
    }
    if (!PWD.matcher(pwd).matches()) {
      throw new IllegalArgumentException("ice-pwd must be 22-256 ice-chars");
    }
  }

  public static IceCredentials random(Random random) {
    return new IceCredentials(chars(random, UFRAG_LENGTH), chars(random, PWD_LENGTH));
  }

  public static IceCredentials random() {
    return random(new SecureRandom());
  }

  /** The short-term credential key: the password as bytes (RFC 8489 section 9.1.1). */
  public byte[] key() {
    return pwd.getBytes(StandardCharsets.UTF_8);
  }

  public static boolean isValidUfrag(String s) {
    return UFRAG.matcher(s).matches();
  }

  public static boolean isValidPwd(String s) {
    return PWD.matcher(s).matches();
  }

  private static String chars(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "IceCredentials[ufrag=" + ufrag + "]"; // the password stays out of logs
  }
}
