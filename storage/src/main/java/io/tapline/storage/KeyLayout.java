package io.tapline.storage;

import io.tapline.pipeline.manifest.SafeId;
import java.util.Locale;

/**
 * Object keys, the one place they are spelled (documented in {@code docs/storage.md}):
 *
 * <pre>
 * conversations/{conversationId}/recordings/{recordingId}/manifest.json
 * conversations/{conversationId}/recordings/{recordingId}/segments/{trackId}/{index:08}.seg
 * conversations/{conversationId}/recordings/{recordingId}/tracks/{trackId}.{ext}
 * conversations/{conversationId}/recordings/{recordingId}/compositions/{compositionId}.{ext}
 * conversations/{conversationId}/recordings/{recordingId}/compositions/{compositionId}/{name}.{ext}
 * conversations/{conversationId}/files/{fileId}
 * </pre>
 *
 * <p>Ids are restricted to {@code [A-Za-z0-9_-]{1,64}} and user-supplied names never appear in a
 * key, so no key can escape its prefix.
 */
public final class KeyLayout {
  private KeyLayout() {}

  public static String conversation(String conversationId) {
    return "conversations/" + id(conversationId) + "/";
  }

  public static String recording(String conversationId, String recordingId) {
    return conversation(conversationId) + "recordings/" + id(recordingId) + "/";
  }

  public static String manifest(String conversationId, String recordingId) {
    return recording(conversationId, recordingId) + "manifest.json";
  }

  public static String segment(String conversationId, String recordingId, String trackId,
      int index) {
    if (index < 0) {
      throw StorageException.invalid("segment index must be >= 0: " + index);
    }
    return recording(conversationId, recordingId) + "segments/" + id(trackId) + "/"
        + String.format(Locale.ROOT, "%08d", index) + ".seg";
  }

  public static String track(String conversationId, String recordingId, String trackId,
      String extension) {
    return recording(conversationId, recordingId) + "tracks/" + id(trackId) + "." + ext(extension);
  }

  public static String composition(String conversationId, String recordingId,
      String compositionId, String extension) {
    return recording(conversationId, recordingId) + "compositions/" + id(compositionId) + "."
        + ext(extension);
  }

  /**
   * A file of a composition made of several objects (HLS playlist and segments, thumbnail
   * tiles): all of them under the composition's own prefix, so relative references between them
   * (a playlist naming its segments) hold.
   *
   * @param fileName {@code name.ext}, name as an id, ext as an extension
   */
  public static String compositionFile(String conversationId, String recordingId,
      String compositionId, String fileName) {
    int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
    if (dot <= 0) {
      throw StorageException.invalid("composition file name must be name.ext, got: " + fileName);
    }
    return compositionPrefix(conversationId, recordingId, compositionId)
        + id(fileName.substring(0, dot)) + "." + ext(fileName.substring(dot + 1));
  }

  /** The prefix under which a multi-file composition's files live. */
  public static String compositionPrefix(String conversationId, String recordingId,
      String compositionId) {
    return recording(conversationId, recordingId) + "compositions/" + id(compositionId) + "/";
  }

  public static String file(String conversationId, String fileId) {
    return conversation(conversationId) + "files/" + id(fileId);
  }

  /** Validates an id used in a key; a bad one is the caller's fault. */
  public static String id(String id) {
    if (!SafeId.isValid(id)) {
      throw StorageException.invalid("id must be " + SafeId.RULE + ", got: " + id);
    }
    return id;
  }

  private static String ext(String e) {
    if (e == null || !e.matches("[a-z0-9]{1,8}")) {
      throw StorageException.invalid("extension must be 1-8 chars of [a-z0-9], got: " + e);
    }
    return e;
  }
}
