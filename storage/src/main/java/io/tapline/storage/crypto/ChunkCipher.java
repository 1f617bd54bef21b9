package io.tapline.storage.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM over one chunk, with the nonce and AAD the envelope format prescribes. */
final class ChunkCipher {
  private final EnvelopeHeader header;
  private final SecretKey dataKey;
  private final Cipher cipher;

  ChunkCipher(EnvelopeHeader header, SecretKey dataKey) {
    this.header = header;
    this.dataKey = dataKey;
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable in this JVM", e);
    }
  }

  /** Encrypts {@code len} bytes of {@code in} into {@code out}; returns len + 16. */
  int seal(long index, boolean last, byte[] in, int len, byte[] out) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, dataKey,
          new GCMParameterSpec(128, header.nonce(index, last)));
      cipher.updateAAD(header.aad());
      return cipher.doFinal(in, 0, len, out, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("chunk encryption failed", e);
    }
  }

  /** Decrypts and authenticates one chunk; returns the plaintext length. */
  int open(long index, boolean last, byte[] in, int len, byte[] out) {
    try {
      cipher.init(Cipher.DECRYPT_MODE, dataKey,
          new GCMParameterSpec(128, header.nonce(index, last)));
      cipher.updateAAD(header.aad());
      return cipher.doFinal(in, 0, len, out, 0);
    } catch (AEADBadTagException e) {
      throw new CorruptCiphertextException("chunk " + index
          + " fails authentication: object tampered, truncated or reordered", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("chunk decryption failed", e);
    }
  }
}
