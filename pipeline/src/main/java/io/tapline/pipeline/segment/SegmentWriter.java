package io.tapline.pipeline.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records to one segment file. The header is written with the first record (it carries
 * that record's arrival time); a writer closed with no record still writes a valid header.
 *
 * <p>Durability: {@link #append} only buffers; {@link #flush()} hands the bytes to the OS (they
 * survive a killed process), {@link #sync()} also forces them to the disk when writing to a file
 * (they survive a power cut). The tap calls {@code flush} at a bounded interval. Thread-safe: a
 * flusher thread may call {@code flush} while a packet thread appends. {@code close} is idempotent.
 */
public final class SegmentWriter implements Closeable {
  private static final int BUFFER = 64 * 1024;

  private final OutputStream out;
  private final FileChannel channel; // null when writing to a caller's stream
  private final ObjectMapper json;
  private final byte[] recordHeader = new byte[SegmentFormat.RECORD_HEADER_LENGTH];
  private SegmentHeader header;
  private boolean headerWritten;
  private boolean closed;
  private long bytesWritten;
  private long records;
  private long lastArrivalMicros = Long.MIN_VALUE;

  private SegmentWriter(OutputStream out, FileChannel channel, SegmentHeader header, ObjectMapper json) {
    this.out = out;
    this.channel = channel;
    this.header = header;
    this.json = json;
  }

  /** A writer over a caller's stream; closing the writer closes the stream. */
  public static SegmentWriter to(OutputStream stream, SegmentHeader header) {
    return new SegmentWriter(new BufferedOutputStream(stream, BUFFER), null, header, SegmentJson.mapper());
  }

  /** A writer creating {@code file}; fails if the file exists (segments are never overwritten). */
  public static SegmentWriter create(Path file, SegmentHeader header) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new SegmentWriter(
        new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER), ch, header, SegmentJson.mapper());
  }

  public synchronized void append(RecordType type, long arrivalMicros, byte[] data) throws IOException {
    append(type, arrivalMicros, data, 0, data.length);
  }

  public synchronized void append(RecordType type, long arrivalMicros, byte[] data, int offset, int length)
      throws IOException {
    if (closed) {
      throw new IOException("segment writer is closed");
    }
    if (length > SegmentFormat.MAX_PACKET_LENGTH) {
      throw new IllegalArgumentException("packet of " + length + " bytes exceeds " + SegmentFormat.MAX_PACKET_LENGTH);
    }
    if (!headerWritten) {
      writeHeader(header.withFirstPacketMicros(arrivalMicros));
    }
    recordHeader[0] = (byte) type.code();
    recordHeader[1] = 0; // flags, reserved
    SegmentFormat.putShort(recordHeader, 2, length);
    SegmentFormat.putLong(recordHeader, 4, arrivalMicros);
    SegmentFormat.putInt(recordHeader, 12, SegmentFormat.recordCrc(recordHeader, data, offset, length));
    out.write(recordHeader);
    out.write(data, offset, length);
    bytesWritten += recordHeader.length + length;
    records++;
    lastArrivalMicros = arrivalMicros;
  }

  private void writeHeader(SegmentHeader h) throws IOException {
    byte[] body;
    try {
      body = json.writeValueAsBytes(h);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot serialize segment header", e);
    }
    byte[] pre = new byte[SegmentFormat.PREAMBLE_LENGTH];
    System.arraycopy(SegmentFormat.MAGIC, 0, pre, 0, SegmentFormat.MAGIC.length);
    SegmentFormat.putShort(pre, SegmentFormat.MAGIC.length, SegmentFormat.VERSION);
    SegmentFormat.putInt(pre, SegmentFormat.MAGIC.length + 2, body.length);
    byte[] crc = new byte[4];
    SegmentFormat.putInt(crc, 0, SegmentFormat.crc(body));
    out.write(pre);
    out.write(body);
    out.write(crc);
    bytesWritten += pre.length + body.length + crc.length;
    header = h;
    headerWritten = true;
  }

  /** Hands buffered records to the operating system. */
  public synchronized void flush() throws IOException {
    if (!closed) {
      out.flush();
    }
  }

  /** {@link #flush()}, then forces file contents to the storage device. */
  public synchronized void sync() throws IOException {
    if (!closed) {
      out.flush();
      if (channel != null) {
        channel.force(false);
      }
    }
  }

  /** The header as written (with the first packet time once a record was appended). */
  public synchronized SegmentHeader header() {
    return header;
  }

  public synchronized long bytesWritten() {
    return bytesWritten;
  }

  public synchronized long records() {
    return records;
  }

  /** Arrival time of the last record, or {@link Long#MIN_VALUE} before the first. */
  public synchronized long lastArrivalMicros() {
    return lastArrivalMicros;
  }

  /** Writes the header if nothing was appended, syncs a file to disk, and closes. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (!headerWritten) {
        writeHeader(header);
      }
      out.flush();
      if (channel != null) {
        channel.force(false);
      }
    } finally {
      closed = true;
      out.close();
    }
  }
}
