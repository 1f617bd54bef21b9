package io.tapline.storage.object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and SHA-256-hashes what passes through; throws once more than a limit has passed. With
 * {@code hashOnRead} false it only counts, and the bytes are hashed later through {@link
 * #observer()} (an upload hashes them while it sends them).
 */
final class CountingDigestInputStream extends FilterInputStream {
  private final MessageDigest digest;
  private final long limit;
  private final boolean hashOnRead;
  private long count;

  CountingDigestInputStream(InputStream in, long limit) {
    this(in, limit, true);
  }

  CountingDigestInputStream(InputStream in, long limit, boolean hashOnRead) {
    super(in);
    this.limit = limit;
    this.hashOnRead = hashOnRead;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      if (hashOnRead) {
        digest.update((byte) b);
      }
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      if (hashOnRead) {
        digest.update(b, off, n);
      }
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("every byte must be hashed");
  }

  private void add(int n) {
    count += n;
    if (count > limit) {
      throw new ObjectTooLargeException(limit);
    }
  }

  /** Hashes bytes read earlier, in order; only for a stream that does not hash on read. */
  BodyObserver observer() {
    if (hashOnRead) {
      throw new IllegalStateException("this stream hashes as it is read");
    }
    return digest::update;
  }

  long count() {
    return count;
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
