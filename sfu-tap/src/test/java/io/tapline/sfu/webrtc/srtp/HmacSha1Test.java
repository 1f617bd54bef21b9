package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HMAC-SHA1 on MessageDigest against the JDK's {@code Mac}, including keys longer than a block. */
class HmacSha1Test {
  private final Random random = new Random(2104);

  @Test
  void matchesJdkMacOverRandomKeysAndMessagesAndResetsBetweenCalls() throws Exception {
    // SRTP's auth keys are 20 bytes; the others check the padding and the hashed long key.
    for (int keyLen : new int[] {1, 20, 63, 64, 65, 200}) {
      byte[] key = bytes(keyLen);
      HmacSha1 ours = new HmacSha1(key);
      Mac jdk = Mac.getInstance("HmacSHA1");
      jdk.init(new SecretKeySpec(key, "HmacSHA1"));
      for (int round = 0; round < 50; round++) {
        byte[] msg = bytes(random.nextInt(1500));
        int split = msg.length == 0 ? 0 : random.nextInt(msg.length);
        ours.update(msg, 0, split);
        ours.update(msg, split, msg.length - split);
        byte[] out = new byte[30];
        ours.finish(out, 5);
        assertArrayEquals(jdk.doFinal(msg), Arrays.copyOfRange(out, 5, 25),
            "key " + keyLen + ", message " + msg.length);
      }
    }
  }

  @Test
  void rfc2202TestCase2() throws Exception {
    HmacSha1 mac = new HmacSha1("Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] msg = "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    mac.update(msg, 0, msg.length);
    byte[] out = new byte[20];
    mac.finish(out, 0);
    assertArrayEquals(Hex.bytes("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"), out);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
