package io.tapline.storage.crypto;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads sealed chunks (the header already consumed) and yields plaintext, failing on the first
 * chunk that does not authenticate and on a stream that ends before a chunk flagged as last.
 */
final class DecryptingInputStream extends InputStream {
  private final InputStream source;
  private final ChunkCipher cipher;
  private final int sealedSize;
  private final long lastIndex;
  private byte[] current;
  private int currentLength;
  private byte[] next;
  private int nextLength;
  private final byte[] plain;
  private int pos;
  private int length;
  private long index;
  private boolean done;

  /**
   * @param firstIndex chunk index of the first chunk in {@code source} (non-zero for ranges)
   * @param lastIndex index of the object's last chunk
   */
  DecryptingInputStream(EnvelopeHeader header, ChunkCipher cipher, InputStream source,
      long firstIndex, long lastIndex) throws IOException {
    this.source = source;
    this.cipher = cipher;
    this.sealedSize = header.chunkSize() + EnvelopeHeader.TAG_LENGTH;
    this.current = new byte[sealedSize];
    this.next = new byte[sealedSize];
    this.plain = new byte[header.chunkSize()];
    this.index = firstIndex;
    this.lastIndex = lastIndex;
    currentLength = source.readNBytes(current, 0, sealedSize);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == length) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, length - pos);
    System.arraycopy(plain, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean fill() throws IOException {
    if (done) {
      return false;
    }
    if (currentLength < EnvelopeHeader.TAG_LENGTH) {
      throw new CorruptCiphertextException("encrypted object truncated at chunk " + index, null);
    }
    boolean last = index == lastIndex;
    if (!last && currentLength < sealedSize) {
      throw new CorruptCiphertextException("encrypted object truncated at chunk " + index, null);
    }
    length = cipher.open(index, last, current, currentLength, plain);
    pos = 0;
    if (last) {
      done = true;
      if (source.read() >= 0) {
        throw new CorruptCiphertextException("data after the last chunk", null);
      }
    } else {
      index++;
      nextLength = source.readNBytes(next, 0, sealedSize);
      byte[] t = current;
      current = next;
      next = t;
      currentLength = nextLength;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
