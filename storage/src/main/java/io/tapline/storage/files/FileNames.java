package io.tapline.storage.files;

import java.text.Normalizer;

/**
 * Makes a client-supplied file name safe to store and display. The name is only ever a label: keys
 * use a generated id, so this is about what a console shows, not about paths.
 */
public final class FileNames {
  public static final int MAX_LENGTH = 255;

  private FileNames() {}

  /**
   * NFC-normalizes, drops control and invisible formatting characters (including bidi overrides
   * that make {@code exe.pdf} read as {@code fdp.exe}), turns path separators into {@code _}, and
   * trims to {@value #MAX_LENGTH} code points. An empty result becomes {@code "unnamed"}.
   */
  public static String sanitize(String name) {
    if (name == null) {
      return "unnamed";
    }
    String n = Normalizer.normalize(name, Normalizer.Form.NFC)
        .replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "")
        .replace('/', '_')
        .replace('\\', '_')
        .strip();
    if (n.codePointCount(0, n.length()) > MAX_LENGTH) {
      n = n.substring(0, n.offsetByCodePoints(0, MAX_LENGTH));
    }
    return n.isEmpty() || n.equals(".") || n.equals("..") ? "unnamed" : n;
  }
}
