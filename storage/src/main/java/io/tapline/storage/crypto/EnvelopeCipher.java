package io.tapline.storage.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Envelope encryption of whole objects: a fresh AES-256 data key per object encrypts 64 KiB chunks
 * with AES-GCM; the operator's {@link MasterKey} wraps the data key into the header. Works on
 * streams (nothing is buffered beyond two chunks) and supports plaintext byte ranges, since each
 * chunk authenticates on its own. Format: {@link EnvelopeHeader} and {@code docs/storage.md}.
 */
public final class EnvelopeCipher {
  public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

  private final KeyRing keys;
  private final int chunkSize;
  private final SecureRandom random = new SecureRandom();

  public EnvelopeCipher(KeyRing keys) {
    this(keys, DEFAULT_CHUNK_SIZE);
  }

  public EnvelopeCipher(KeyRing keys, int chunkSize) {
    this.keys = Objects.requireNonNull(keys, "keys");
    if (chunkSize < 16 || chunkSize > EnvelopeHeader.MAX_CHUNK) {
      throw new IllegalArgumentException("chunkSize out of range: " + chunkSize);
    }
    this.chunkSize = chunkSize;
  }

  /** Starts encrypting {@code plain} under the current master key with a new data key. */
  public Encryption encrypt(InputStream plain) throws IOException {
    EnvelopeHeader.Sealed sealed = EnvelopeHeader.create(keys.current(), chunkSize, random);
    return new Encryption(sealed.header(), new EncryptingInputStream(sealed, plain));
  }

  /**
   * Encrypts {@code plain} again under an existing header, producing the same bytes as the first
   * time; a multipart upload resumed after a crash relies on it to reuse parts already stored.
   */
  public Encryption resume(byte[] header, InputStream plain) throws IOException {
    EnvelopeHeader h = EnvelopeHeader.parse(header);
    var sealed = new EnvelopeHeader.Sealed(h, h.unwrap(keys));
    return new Encryption(h, new EncryptingInputStream(sealed, plain));
  }

  /** Decrypts a whole stored object of {@code storedSize} bytes read from its first byte. */
  public InputStream decrypt(InputStream stored, long storedSize) throws IOException {
    EnvelopeHeader h = EnvelopeHeader.read(stored);
    long plain = h.plainSize(storedSize);
    ChunkCipher c = new ChunkCipher(h, h.unwrap(keys));
    return new DecryptingInputStream(h, c, stored, 0, h.chunkCount(plain) - 1);
  }

  /**
   * Which stored bytes hold plaintext bytes [first, last] (inclusive) of an object with this
   * header; fetch them with an HTTP Range and pass them to {@link #decryptRange}.
   */
  public RangePlan planRange(EnvelopeHeader h, long storedSize, long first, long last) {
    long plain = h.plainSize(storedSize);
    if (first < 0 || last < first || last >= plain) {
      throw new IllegalArgumentException("range " + first + "-" + last
          + " outside plaintext of " + plain + " bytes");
    }
    long sealed = (long) h.chunkSize() + EnvelopeHeader.TAG_LENGTH;
    long firstChunk = first / h.chunkSize();
    long lastChunk = last / h.chunkSize();
    long start = h.length() + firstChunk * sealed;
    long end = Math.min(storedSize - 1, h.length() + (lastChunk + 1) * sealed - 1);
    return new RangePlan(h, start, end, firstChunk, h.chunkCount(plain) - 1,
        first - firstChunk * h.chunkSize(), last - first + 1);
  }

  /** Decrypts the stored bytes a {@link RangePlan} asked for and yields exactly the range. */
  public InputStream decryptRange(RangePlan plan, InputStream storedRange) throws IOException {
    ChunkCipher c = new ChunkCipher(plan.header(), plan.header().unwrap(keys));
    // The stream ends after the range's last chunk; the limit below stops reading before the
    // decrypter would look for the chunk after it.
    InputStream d = new DecryptingInputStream(plan.header(), c, storedRange, plan.firstChunk(),
        plan.lastChunk());
    d.skipNBytes(plan.skip());
    return new BoundedInputStream(d, plan.length());
  }

  /** The envelope header of a stream being encrypted, and the ciphertext stream itself. */
  public record Encryption(EnvelopeHeader header, InputStream stored) {}

  /**
   * @param storedFirst first stored byte to fetch
   * @param storedLast last stored byte to fetch (inclusive)
   * @param firstChunk index of the chunk at storedFirst
   * @param lastChunk index of the object's last chunk
   * @param skip plaintext bytes to drop from the first chunk
   * @param length plaintext bytes to yield
   */
  public record RangePlan(EnvelopeHeader header, long storedFirst, long storedLast,
      long firstChunk, long lastChunk, long skip, long length) {}
}
