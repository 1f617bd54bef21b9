package io.tapline.sfu.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The ECB-built counter mode against the JDK's {@code AES/CTR/NoPadding} for the IVs SRTP makes
 * (RFC 3711 section 4.1.1: low 16 bits zero, so the JDK's 128-bit increment never carries past
 * them within 2^16 blocks).
 */
class AesCounterModeTest {
  private static final int[] EDGE_LENGTHS = {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 1188,
      1536, 1537, 1600, 4096, 65_507};

  private final Random random = new Random(3711);

  @Test
  void matchesJdkCtrForRandomKeysIvsAndLengthsIntoASeparateBuffer() throws Exception {
    for (int round = 0; round < 400; round++) {
      int len = round < EDGE_LENGTHS.length ? EDGE_LENGTHS[round] : random.nextInt(3000);
      crossCheck(len, false);
    }
  }

  @Test
  void matchesJdkCtrInPlace() throws Exception {
    for (int round = 0; round < 400; round++) {
      int len = round < EDGE_LENGTHS.length ? EDGE_LENGTHS[round] : random.nextInt(3000);
      crossCheck(len, true);
    }
  }

  @Test
  void oneInstanceGrowsThenShrinksBackWithoutStaleKeystream() throws Exception {
    byte[] key = bytes(16);
    AesCounterMode ctr = new AesCounterMode(key);
    for (int len : new int[] {1200, 9000, 100, 20_000, 17, 0, 1500}) {
      byte[] iv = srtpIv();
      byte[] in = bytes(len);
      byte[] out = new byte[len];
      ctr.apply(iv, in, 0, len, out, 0);
      assertArrayEquals(jdkCtr(key, iv, in), out, "length " + len);
    }
  }

  @Test
  void theFullTwoToTheSixteenBlocksMatchAndOneByteMoreIsRefused() throws Exception {
    byte[] key = bytes(16);
    AesCounterMode ctr = new AesCounterMode(key);
    byte[] iv = srtpIv();
    byte[] in = bytes(AesCounterMode.MAX_BLOCKS * 16);
    byte[] out = new byte[in.length];
    ctr.apply(iv, in, 0, in.length, out, 0);
    assertArrayEquals(jdkCtr(key, iv, in), out);

    byte[] tooLong = new byte[in.length + 1];
    assertThrows(IllegalArgumentException.class,
        () -> ctr.apply(iv, tooLong, 0, tooLong.length, tooLong, 0));
  }

  private void crossCheck(int len, boolean inPlace) throws Exception {
    byte[] key = bytes(16);
    byte[] iv = srtpIv();
    int off = random.nextInt(20);
    byte[] in = bytes(off + len + random.nextInt(20));
    byte[] plain = Arrays.copyOfRange(in, off, off + len);
    byte[] expected = jdkCtr(key, iv, plain);
    AesCounterMode ctr = new AesCounterMode(key);
    if (inPlace) {
      byte[] before = in.clone();
      ctr.apply(iv, in, off, len, in, off);
      assertArrayEquals(expected, Arrays.copyOfRange(in, off, off + len), "length " + len);
      assertUntouchedOutside(before, in, off, len);
    } else {
      int outOff = random.nextInt(20);
      byte[] out = bytes(outOff + len + 5);
      byte[] outBefore = out.clone();
      byte[] inBefore = in.clone();
      ctr.apply(iv, in, off, len, out, outOff);
      assertArrayEquals(expected, Arrays.copyOfRange(out, outOff, outOff + len), "length " + len);
      assertArrayEquals(inBefore, in, "input changed");
      assertUntouchedOutside(outBefore, out, outOff, len);
    }
  }

  private static void assertUntouchedOutside(byte[] before, byte[] after, int off, int len) {
    assertArrayEquals(Arrays.copyOfRange(before, 0, off), Arrays.copyOfRange(after, 0, off));
    assertArrayEquals(Arrays.copyOfRange(before, off + len, before.length),
        Arrays.copyOfRange(after, off + len, after.length));
  }

  private static byte[] jdkCtr(byte[] key, byte[] iv, byte[] in) throws Exception {
    Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    return c.doFinal(in);
  }

  private byte[] srtpIv() {
    byte[] iv = bytes(16);
    iv[14] = 0;
    iv[15] = 0;
    return iv;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
