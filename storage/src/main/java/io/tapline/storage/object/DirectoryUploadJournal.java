package io.tapline.storage.object;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An {@link UploadJournal} as one small properties file per upload in a directory, written to a
 * temporary name, forced to disk and renamed, so a crash leaves either the whole entry or none.
 */
public final class DirectoryUploadJournal implements UploadJournal {
  private static final String META = "meta.";
  private final Path dir;

  public DirectoryUploadJournal(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create upload journal " + dir, e);
    }
  }

  @Override
  public void begin(PendingUpload u) {
    Properties p = new Properties();
    p.setProperty("key", u.key());
    p.setProperty("uploadId", u.uploadId());
    p.setProperty("source", u.source().toAbsolutePath().toString());
    p.setProperty("sourceSize", Long.toString(u.sourceSize()));
    p.setProperty("contentType", u.contentType());
    p.setProperty("started", u.started().toString());
    u.metadata().forEach((k, v) -> p.setProperty(META + k, v));
    Path target = file(u.uploadId());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "tapline pending multipart upload");
      }
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal upload " + u.uploadId(), e);
    }
  }

  @Override
  public void end(String uploadId) {
    try {
      Files.deleteIfExists(file(uploadId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear journal entry " + uploadId, e);
    }
  }

  @Override
  public List<PendingUpload> pending() {
    List<PendingUpload> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.upload")) {
      for (Path f : ds) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        Map<String, String> meta = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
          if (name.startsWith(META)) {
            meta.put(name.substring(META.length()), p.getProperty(name));
          }
        }
        out.add(new PendingUpload(p.getProperty("key"), p.getProperty("uploadId"),
            Path.of(p.getProperty("source")), Long.parseLong(p.getProperty("sourceSize")),
            p.getProperty("contentType"), meta, Instant.parse(p.getProperty("started"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read upload journal " + dir, e);
    }
    return out;
  }

  private Path file(String uploadId) {
    // Upload ids are opaque server strings: keep them out of path syntax.
    String safe = uploadId.replaceAll("[^A-Za-z0-9._-]", "_");
    return dir.resolve(safe + ".upload");
  }
}
