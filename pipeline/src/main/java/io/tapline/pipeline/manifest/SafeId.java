package io.tapline.pipeline.manifest;

import java.util.regex.Pattern;

/**
 * The one rule for the ids of conversations, recordings and tracks: they name directories (the
 * tap's {@code root/{conversationId}/{recordingId}}) and object keys (storage's {@code KeyLayout}),
 * so they are 1 to 64 characters of {@code [A-Za-z0-9_-]}: no dot (no {@code ..}, no hidden
 * files), no separator, the same on every file system and S3 service. The SFU checks it when a
 * recording starts and storage when it builds a key, so an id one accepts the other accepts too.
 */
public final class SafeId {
  /** What a valid id looks like, for error messages. */
  public static final String RULE = "1-64 chars of [A-Za-z0-9_-]";
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private SafeId() {}

  public static boolean isValid(String id) {
    return id != null && PATTERN.matcher(id).matches();
  }

  /**
   * @param what names the id in the message, e.g. {@code "recording id"}
   * @return {@code id}
   * @throws IllegalArgumentException if it breaks the rule
   */
  public static String require(String id, String what) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(what + " must be " + RULE + ", got: " + id);
    }
    return id;
  }
}
