package io.tapline.storage.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {
  private static final int CHUNK = 1024;
  private final MasterKey master = new MasterKey("ops-2026", key(1));
  private final EnvelopeCipher cipher = new EnvelopeCipher(KeyRing.of(master), CHUNK);

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17})
  void roundTripsEverySizeAndPredictsStoredSize(int size) throws IOException {
    byte[] plain = random(size, size);
    var enc = cipher.encrypt(new ByteArrayInputStream(plain));
    byte[] stored = enc.stored().readAllBytes();
    assertEquals(enc.header().storedSize(size), stored.length);
    assertEquals(size, enc.header().plainSize(stored.length));
    assertFalse(Arrays.equals(plain, Arrays.copyOfRange(stored, stored.length - size,
        stored.length)) && size > 0, "ciphertext must not contain the plaintext");
    byte[] back = cipher.decrypt(new ByteArrayInputStream(stored), stored.length).readAllBytes();
    assertArrayEquals(plain, back);
  }

  @Test
  void withoutTheMasterKeyNothingDecrypts() throws IOException {
    byte[] stored = cipher.encrypt(new ByteArrayInputStream(random(3000, 7))).stored()
        .readAllBytes();
    var other = new EnvelopeCipher(KeyRing.of(new MasterKey("other", key(2))), CHUNK);
    var e = assertThrows(KeyUnavailableException.class,
        () -> other.decrypt(new ByteArrayInputStream(stored), stored.length).readAllBytes());
    assertEquals("ops-2026", e.keyId());
    // Same id, different key material: the wrapped data key fails authentication.
    var impostor = new EnvelopeCipher(KeyRing.of(new MasterKey("ops-2026", key(3))), CHUNK);
    assertThrows(CorruptCiphertextException.class,
        () -> impostor.decrypt(new ByteArrayInputStream(stored), stored.length).readAllBytes());
  }

  @Test
  void rotatedKeyRingStillReadsOldObjects() throws IOException {
    byte[] plain = random(2500, 9);
    byte[] stored = cipher.encrypt(new ByteArrayInputStream(plain)).stored().readAllBytes();
    var rotated = new EnvelopeCipher(KeyRing.of(new MasterKey("ops-2027", key(4)), master), CHUNK);
    assertArrayEquals(plain,
        rotated.decrypt(new ByteArrayInputStream(stored), stored.length).readAllBytes());
  }

  @Test
  void tamperingTruncationAndReorderingAreDetected() throws IOException {
    byte[] stored = cipher.encrypt(new ByteArrayInputStream(random(4 * CHUNK, 5))).stored()
        .readAllBytes();
    byte[] flipped = stored.clone();
    flipped[stored.length - 40] ^= 1;
    assertThrows(CorruptCiphertextException.class, () -> decryptAll(flipped));
    int sealed = CHUNK + 16;
    byte[] truncated = Arrays.copyOf(stored, stored.length - sealed); // drop the last chunk
    assertThrows(CorruptCiphertextException.class, () -> decryptAll(truncated));
    int h = EnvelopeHeader.parse(stored).length();
    byte[] swapped = stored.clone();
    System.arraycopy(stored, h, swapped, h + sealed, sealed);
    System.arraycopy(stored, h + sealed, swapped, h, sealed);
    assertThrows(CorruptCiphertextException.class, () -> decryptAll(swapped));
  }

  @Test
  void resumeReproducesTheSameCiphertext() throws IOException {
    byte[] plain = random(3 * CHUNK + 5, 11);
    var first = cipher.encrypt(new ByteArrayInputStream(plain));
    byte[] a = first.stored().readAllBytes();
    byte[] b = cipher.resume(first.header().encoded(), new ByteArrayInputStream(plain)).stored()
        .readAllBytes();
    assertArrayEquals(a, b);
  }

  @Test
  void plaintextRangesDecryptFromPartialCiphertext() throws IOException {
    byte[] plain = random(7 * CHUNK + 100, 13);
    byte[] stored = cipher.encrypt(new ByteArrayInputStream(plain)).stored().readAllBytes();
    EnvelopeHeader h = EnvelopeHeader.parse(stored);
    long[][] ranges = {{0, 0}, {5, CHUNK * 2L + 3}, {CHUNK, CHUNK}, {plain.length - 1,
        plain.length - 1}, {3 * CHUNK - 1, plain.length - 1}};
    for (long[] r : ranges) {
      var plan = cipher.planRange(h, stored.length, r[0], r[1]);
      byte[] part = Arrays.copyOfRange(stored, (int) plan.storedFirst(),
          (int) plan.storedLast() + 1);
      byte[] got = cipher.decryptRange(plan, new ByteArrayInputStream(part)).readAllBytes();
      assertArrayEquals(Arrays.copyOfRange(plain, (int) r[0], (int) r[1] + 1), got,
          "range " + r[0] + "-" + r[1]);
    }
    assertThrows(IllegalArgumentException.class,
        () -> cipher.planRange(h, stored.length, 0, plain.length));
  }

  private void decryptAll(byte[] stored) throws IOException {
    cipher.decrypt(new ByteArrayInputStream(stored), stored.length).readAllBytes();
  }

  private static byte[] key(int seed) {
    return random(32, seed * 1000);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
