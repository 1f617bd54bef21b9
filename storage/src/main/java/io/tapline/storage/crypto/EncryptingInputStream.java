package io.tapline.storage.crypto;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads plaintext from a source and yields the envelope: header, then sealed chunks. It reads one
 * chunk ahead so it knows which chunk is the last one (its nonce carries a flag, which is what makes
 * a truncated object fail to decrypt).
 */
final class EncryptingInputStream extends InputStream {
  private final InputStream source;
  private final ChunkCipher cipher;
  private final int chunkSize;
  private byte[] current;
  private int currentLength;
  private byte[] next;
  private int nextLength;
  private final byte[] out;
  private int outPos;
  private int outLength;
  private long index;
  private boolean done;

  EncryptingInputStream(EnvelopeHeader.Sealed sealed, InputStream source) throws IOException {
    this.source = source;
    this.cipher = new ChunkCipher(sealed.header(), sealed.dataKey());
    this.chunkSize = sealed.header().chunkSize();
    this.current = new byte[chunkSize];
    this.next = new byte[chunkSize];
    this.out = new byte[Math.max(chunkSize + EnvelopeHeader.TAG_LENGTH,
        sealed.header().length())];
    byte[] h = sealed.header().encoded();
    System.arraycopy(h, 0, out, 0, h.length);
    outLength = h.length;
    currentLength = source.readNBytes(current, 0, chunkSize);
    nextLength = currentLength == chunkSize ? source.readNBytes(next, 0, chunkSize) : 0;
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
    if (outPos == outLength && !fill()) {
      return -1;
    }
    int n = Math.min(len, outLength - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  private boolean fill() throws IOException {
    if (done) {
      return false;
    }
    boolean last = nextLength == 0;
    outLength = cipher.seal(index++, last, current, currentLength, out);
    outPos = 0;
    if (last) {
      done = true;
    } else {
      byte[] t = current;
      current = next;
      next = t;
      currentLength = nextLength;
      nextLength = currentLength == chunkSize ? source.readNBytes(next, 0, chunkSize) : 0;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
