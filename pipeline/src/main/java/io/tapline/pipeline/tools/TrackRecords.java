package io.tapline.pipeline.tools;

import io.tapline.pipeline.segment.SegmentReader;
import io.tapline.pipeline.segment.SegmentRecord;
import io.tapline.pipeline.segment.SegmentTail;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The records of one track's segment files, in file order, one file open at a time. Remembers how
 * each file ended so that an export can report damaged tails.
 */
final class TrackRecords implements Closeable {
  private final List<Path> files;
  private int nextFile;
  private SegmentReader reader;
  private SegmentRecord current;
  private int damagedFiles;

  TrackRecords(List<Path> files) {
    this.files = List.copyOf(files);
  }

  /** The record {@link #advance()} moved to, or {@code null} at the end. */
  SegmentRecord current() {
    return current;
  }

  /** Moves to the next record; returns {@code false} at the end of the last file. */
  boolean advance() throws IOException {
    while (true) {
      if (reader != null) {
        current = reader.next();
        if (current != null) {
          return true;
        }
        SegmentTail tail = reader.tail();
        if (tail != null && !tail.clean()) {
          damagedFiles++;
        }
        reader.close();
        reader = null;
      }
      if (nextFile >= files.size()) {
        current = null;
        return false;
      }
      reader = SegmentReader.open(files.get(nextFile++));
    }
  }

  int files() {
    return files.size();
  }

  /** Files read so far whose tail was damaged (cut or corrupt). */
  int damagedFiles() {
    return damagedFiles;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
