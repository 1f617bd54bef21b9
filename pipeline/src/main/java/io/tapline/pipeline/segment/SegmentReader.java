package io.tapline.pipeline.segment;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a segment file record by record. A file cut at any byte (a tap killed mid-write) yields
 * every complete record before the cut, then {@link #next()} returns {@code null} and
 * {@link #tail()} describes what was left; nothing is thrown for a damaged tail. A file that is not
 * a segment file at all (wrong magic, unsupported version, corrupt header) is refused with a
 * {@link SegmentFormatException}.
 *
 * <p>Records of a type this version does not know are skipped (their CRC is still checked).
 */
public final class SegmentReader implements Closeable {
  private final InputStream in;
  private final byte[] recordHeader = new byte[SegmentFormat.RECORD_HEADER_LENGTH];
  private SegmentHeader header;
  private long position;
  private SegmentTail tail;
  private boolean closed;

  public SegmentReader(InputStream stream) throws IOException {
    this.in = stream instanceof BufferedInputStream ? stream : new BufferedInputStream(stream, 64 * 1024);
    readHeader();
  }

  public static SegmentReader open(Path file) throws IOException {
    return new SegmentReader(Files.newInputStream(file));
  }

  /** Every complete record of a file, with its header and tail. */
  public static SegmentContents readAll(Path file) throws IOException {
    try (SegmentReader r = open(file)) {
      return r.readRemaining();
    }
  }

  /** Every remaining record of this reader. */
  public SegmentContents readRemaining() throws IOException {
    List<SegmentRecord> records = new ArrayList<>();
    for (SegmentRecord rec = next(); rec != null; rec = next()) {
      records.add(rec);
    }
    return new SegmentContents(header, records, tail);
  }

  private void readHeader() throws IOException {
    byte[] pre = new byte[SegmentFormat.PREAMBLE_LENGTH];
    int n = readFully(pre, 0, pre.length);
    int magicBytes = Math.min(n, SegmentFormat.MAGIC.length);
    if (!Arrays.equals(pre, 0, magicBytes, SegmentFormat.MAGIC, 0, magicBytes)) {
      throw new SegmentFormatException("segment.magic", "not a Tapline segment file");
    }
    if (n < pre.length) {
      endDamaged(0, n, "segment.header_truncated");
      return;
    }
    int version = SegmentFormat.getShort(pre, SegmentFormat.MAGIC.length);
    if (version != SegmentFormat.VERSION) {
      throw new SegmentFormatException("segment.version", "version " + version + ", this reader knows " + SegmentFormat.VERSION);
    }
    int length = SegmentFormat.getInt(pre, SegmentFormat.MAGIC.length + 2);
    if (length < 2 || length > SegmentFormat.MAX_HEADER_LENGTH) {
      throw new SegmentFormatException("segment.header_length", "header length " + length);
    }
    byte[] body = new byte[length + 4];
    int got = readFully(body, 0, body.length);
    if (got < body.length) {
      endDamaged(0, pre.length + got, "segment.header_truncated");
      return;
    }
    if (SegmentFormat.getInt(body, length) != SegmentFormat.crc(Arrays.copyOf(body, length))) {
      throw new SegmentFormatException("segment.header_crc", "header checksum mismatch");
    }
    try {
      header = SegmentJson.mapper().readValue(body, 0, length, SegmentHeader.class);
    } catch (IOException | RuntimeException e) {
      throw new SegmentFormatException("segment.header_json", String.valueOf(e.getMessage()));
    }
    if (header == null) { // the JSON literal null: valid JSON, but no header
      throw new SegmentFormatException("segment.header_json", "header is not a JSON object");
    }
    position = pre.length + body.length;
  }

  /**
   * The header, or empty when the file was cut inside it (then there are no records either).
   */
  public Optional<SegmentHeader> header() {
    return Optional.ofNullable(header);
  }

  /** The next complete record, or {@code null} at the end of the readable data. */
  public SegmentRecord next() throws IOException {
    while (tail == null) {
      long start = position;
      int n = readFully(recordHeader, 0, recordHeader.length);
      if (n == 0) {
        tail = SegmentTail.cleanAt(start);
        return null;
      }
      if (n < recordHeader.length) {
        endDamaged(start, n, "segment.truncated");
        return null;
      }
      int length = SegmentFormat.getShort(recordHeader, 2);
      byte[] data = new byte[length];
      int got = readFully(data, 0, length);
      if (got < length) {
        endDamaged(start, n + got, "segment.truncated");
        return null;
      }
      int crc = SegmentFormat.getInt(recordHeader, 12);
      if (crc != SegmentFormat.recordCrc(recordHeader, data, 0, length)) {
        endDamaged(start, n + got, "segment.crc");
        return null;
      }
      position = start + n + length;
      RecordType type = RecordType.fromCode(recordHeader[0] & 0xff);
      if (type != null) {
        return new SegmentRecord(type, SegmentFormat.getLong(recordHeader, 4), data, start);
      }
    }
    return null;
  }

  /** How the file ended; {@code null} until {@link #next()} has returned {@code null}. */
  public SegmentTail tail() {
    return tail;
  }

  private void endDamaged(long validBytes, long consumed, String reason) throws IOException {
    long rest = consumed;
    byte[] skip = new byte[8192];
    for (int n; (n = in.read(skip)) > 0; ) {
      rest += n;
    }
    tail = new SegmentTail(false, validBytes, rest, reason);
  }

  private int readFully(byte[] buf, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = in.read(buf, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      in.close();
    }
  }
}
