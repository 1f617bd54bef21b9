package io.tapline.storage.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The header that starts every encrypted object (all integers big-endian):
 *
 * <pre>
 * magic "TPE1" (4) | keyIdLength (1) | keyId (UTF-8) | wrappedKeyLength (2)
 * | wrappedKey = iv (12) + AES-256-GCM(masterKey, dataKey) (32 + 16 tag)
 * | noncePrefix (7) | chunkSize (4)
 * </pre>
 *
 * <p>The data key is random per object; the master key only wraps it, so rotating a master key
 * re-wraps headers and never re-encrypts media. The whole header is the AAD of every chunk.
 */
public final class EnvelopeHeader {
  static final byte[] MAGIC = "TPE1".getBytes(StandardCharsets.US_ASCII);
  static final int NONCE_PREFIX_LENGTH = 7;
  static final int TAG_LENGTH = 16;
  static final int MAX_CHUNK = 1 << 24;
  /** Enough to hold any header: 4 + 1 + 64 + 2 + 60 + 7 + 4. */
  public static final int MAX_LENGTH = 256;

  private final String keyId;
  private final byte[] wrappedKey;
  private final byte[] noncePrefix;
  private final int chunkSize;
  private final byte[] encoded;

  private EnvelopeHeader(String keyId, byte[] wrappedKey, byte[] noncePrefix, int chunkSize) {
    this.keyId = keyId;
    this.wrappedKey = wrappedKey;
    this.noncePrefix = noncePrefix;
    this.chunkSize = chunkSize;
    this.encoded = encode();
  }

  /** A fresh header with a new random data key wrapped by {@code master}. */
  static Sealed create(MasterKey master, int chunkSize, SecureRandom random) {
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    byte[] iv = new byte[12];
    random.nextBytes(iv);
    byte[] prefix = new byte[NONCE_PREFIX_LENGTH];
    random.nextBytes(prefix);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, master.secretKey(), new GCMParameterSpec(128, iv));
      c.updateAAD(master.id().getBytes(StandardCharsets.UTF_8));
      byte[] wrapped = concat(iv, c.doFinal(dataKey));
      EnvelopeHeader h = new EnvelopeHeader(master.id(), wrapped, prefix, chunkSize);
      return new Sealed(h, new SecretKeySpec(dataKey, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable in this JVM", e);
    }
  }

  /** Reads a header from the start of an object. */
  public static EnvelopeHeader read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] magic = new byte[4];
    try {
      d.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptCiphertextException("not a Tapline encrypted object (bad magic)", null);
      }
      byte[] id = new byte[d.readUnsignedByte()];
      d.readFully(id);
      int wl = d.readUnsignedShort();
      if (wl != 12 + 32 + TAG_LENGTH) {
        throw new CorruptCiphertextException("bad wrapped key length " + wl, null);
      }
      byte[] wrapped = new byte[wl];
      d.readFully(wrapped);
      byte[] prefix = new byte[NONCE_PREFIX_LENGTH];
      d.readFully(prefix);
      int chunk = d.readInt();
      if (chunk < 1 || chunk > MAX_CHUNK) {
        throw new CorruptCiphertextException("bad chunk size " + chunk, null);
      }
      return new EnvelopeHeader(new String(id, StandardCharsets.UTF_8), wrapped, prefix, chunk);
    } catch (EOFException e) {
      throw new CorruptCiphertextException("encrypted object shorter than its header", e);
    }
  }

  public static EnvelopeHeader parse(byte[] bytes) {
    try {
      return read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unwraps the data key; fails if the key ring lacks this header's master key. */
  SecretKey unwrap(KeyRing keys) {
    MasterKey master = keys.find(keyId).orElseThrow(() -> new KeyUnavailableException(keyId));
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, master.secretKey(),
          new GCMParameterSpec(128, wrappedKey, 0, 12));
      c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(c.doFinal(wrappedKey, 12, wrappedKey.length - 12), "AES");
    } catch (javax.crypto.AEADBadTagException e) {
      throw new CorruptCiphertextException("data key does not unwrap with master key '" + keyId
          + "' (wrong key material or tampered header)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable in this JVM", e);
    }
  }

  /** GCM nonce of chunk {@code index}: prefix, 32-bit index, and a flag on the last chunk. */
  byte[] nonce(long index, boolean last) {
    if (index < 0 || index > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("chunk index out of range: " + index);
    }
    byte[] n = Arrays.copyOf(noncePrefix, 12);
    n[7] = (byte) (index >>> 24);
    n[8] = (byte) (index >>> 16);
    n[9] = (byte) (index >>> 8);
    n[10] = (byte) index;
    n[11] = (byte) (last ? 1 : 0);
    return n;
  }

  public String keyId() {
    return keyId;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public int length() {
    return encoded.length;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  byte[] aad() {
    return encoded;
  }

  /** Ciphertext size (header included) for a plaintext of {@code plainSize} bytes. */
  public long storedSize(long plainSize) {
    return length() + plainSize + chunkCount(plainSize) * TAG_LENGTH;
  }

  /** Plaintext size of a stored object of {@code storedSize} bytes. */
  public long plainSize(long storedSize) {
    long body = storedSize - length();
    long full = chunkSize + TAG_LENGTH;
    long chunks = Math.max(1, (body + full - 1) / full);
    long plain = body - chunks * TAG_LENGTH;
    if (plain < 0) {
      throw new CorruptCiphertextException("encrypted object truncated", null);
    }
    return plain;
  }

  /** An empty plaintext still has one (empty, authenticated) chunk so truncation is detected. */
  long chunkCount(long plainSize) {
    return Math.max(1, (plainSize + chunkSize - 1) / chunkSize);
  }

  private byte[] encode() {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    try (DataOutputStream d = new DataOutputStream(b)) {
      byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
      d.write(MAGIC);
      d.writeByte(id.length);
      d.write(id);
      d.writeShort(wrappedKey.length);
      d.write(wrappedKey);
      d.write(noncePrefix);
      d.writeInt(chunkSize);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** A header together with the data key it wraps, held only while encrypting. */
  record Sealed(EnvelopeHeader header, SecretKey dataKey) {}
}
