package io.tapline.pipeline.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The append-only event log of a recording: one JSON object per line ({@code events.jsonl}). Each
 * {@link #append} writes a whole line and flushes it to the OS, so an event survives a killed
 * process the moment {@code append} returns. Reading tolerates a last line cut by a crash (it is
 * skipped and counted in {@link Contents#damagedLines()}).
 */
public final class EventLog implements Closeable {
  private final OutputStream out;
  private final ObjectMapper json;
  private long nextSeq;
  private boolean closed;

  private EventLog(OutputStream out, ObjectMapper json, long nextSeq) {
    this.out = out;
    this.json = json;
    this.nextSeq = nextSeq;
  }

  /** Opens {@code file} for appending, continuing the sequence numbers of what it already holds. */
  public static EventLog open(Path file) throws IOException {
    long next = 1;
    if (Files.exists(file)) {
      List<ManifestEvent> existing = read(file).events();
      if (!existing.isEmpty()) {
        next = existing.get(existing.size() - 1).seq() + 1;
      }
      truncateDamagedTail(file);
    }
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new EventLog(out, ManifestJson.mapper(), next);
  }

  /** Appends an event stamped with the next sequence number and returns it. */
  public synchronized ManifestEvent append(
      long timeMicros, EventType type, String participantId, String trackId, Map<String, String> attributes)
      throws IOException {
    if (closed) {
      throw new IOException("event log is closed");
    }
    ManifestEvent e = new ManifestEvent(nextSeq, timeMicros, type, participantId, trackId, attributes);
    byte[] line = json.writeValueAsBytes(e);
    byte[] withNewline = new byte[line.length + 1];
    System.arraycopy(line, 0, withNewline, 0, line.length);
    withNewline[line.length] = '\n';
    out.write(withNewline); // one write per line: a crash leaves at most one partial line
    out.flush();
    nextSeq++;
    return e;
  }

  /** What an event log file holds. */
  public record Contents(List<ManifestEvent> events, int damagedLines) {}

  /**
   * Reads every complete event of a log; a missing file reads as empty. A line is complete when it
   * ends with a line feed: a last line without one was cut by a crash (even if its JSON happens to
   * be whole) and is counted as damaged, the same rule {@link #open} applies when it cuts it off.
   */
  public static Contents read(Path file) throws IOException {
    List<ManifestEvent> events = new ArrayList<>();
    int damaged = 0;
    if (!Files.exists(file)) {
      return new Contents(events, 0);
    }
    byte[] all = Files.readAllBytes(file);
    ObjectMapper json = ManifestJson.mapper();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] != '\n') {
        continue;
      }
      String line = new String(all, start, i - start, StandardCharsets.UTF_8);
      start = i + 1;
      if (line.isBlank()) {
        continue;
      }
      try {
        ManifestEvent e = json.readValue(line, ManifestEvent.class);
        if (e == null) {
          damaged++; // the line "null"
        } else {
          events.add(e);
        }
      } catch (IOException | RuntimeException e) {
        damaged++;
      }
    }
    if (start < all.length) {
      damaged++;
    }
    return new Contents(events, damaged);
  }

  /** Cuts a partial last line so that the next append starts on a line of its own. */
  private static void truncateDamagedTail(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int end = all.length;
    while (end > 0 && all[end - 1] != '\n') {
      end--;
    }
    if (end != all.length) {
      try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
