package io.tapline.app.api.content;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Rewrites every URI of an HLS playlist (RFC 8216), so that a playlist whose segments are named
 * relative to it can be served from somewhere else:
 *
 * <ul>
 *   <li>section 4.1: lines end with LF or CRLF; a line starting with {@code #} is a tag or a
 *       comment, a blank line is ignored, any other line is a URI (a media segment's, or a variant
 *       stream's in a master playlist);
 *   <li>section 4.2: the URI attribute of a tag's attribute list is a quoted-string ({@code
 *       URI="init.mp4"}), attributes are comma separated {@code NAME=VALUE} pairs whose names are
 *       {@code [A-Z0-9-]}, and a quoted-string holds no CR, LF or {@code "};
 *   <li>the tags with a URI attribute: EXT-X-KEY (4.3.2.4), EXT-X-MAP (4.3.2.5), EXT-X-MEDIA
 *       (4.3.4.1), EXT-X-I-FRAME-STREAM-INF (4.3.4.3), EXT-X-SESSION-DATA (4.3.4.4),
 *       EXT-X-SESSION-KEY (4.3.4.5);
 *   <li>section 4.3.1.1: the first line is {@code #EXTM3U}.
 * </ul>
 *
 * Anything else is copied unchanged; lines are written back with LF.
 */
public final class HlsPlaylist {
  /** Larger playlists are not something this server wrote. */
  public static final int MAX_CHARS = 1 << 20;

  private static final Set<String> URI_TAGS = Set.of("#EXT-X-KEY", "#EXT-X-MAP", "#EXT-X-MEDIA",
      "#EXT-X-I-FRAME-STREAM-INF", "#EXT-X-SESSION-DATA", "#EXT-X-SESSION-KEY");

  private HlsPlaylist() {}

  /**
   * The playlist with each URI replaced by {@code uris.apply(uri)}.
   *
   * @throws IllegalArgumentException if the text is not a playlist (no {@code #EXTM3U}, too long, a
   *     malformed URI attribute), or from {@code uris} for a URI it refuses
   */
  public static String rewrite(String text, UnaryOperator<String> uris) {
    if (text.length() > MAX_CHARS) {
      throw new IllegalArgumentException("playlist longer than " + MAX_CHARS + " characters");
    }
    String[] lines = text.split("\r?\n", -1);
    if (!lines[0].equals("#EXTM3U")) {
      throw new IllegalArgumentException("not an HLS playlist: the first line must be #EXTM3U (RFC 8216 4.3.1.1)");
    }
    StringBuilder out = new StringBuilder(text.length() * 2);
    int last = lines.length - 1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("line " + (i + 1) + ": a bare CR (RFC 8216 4.1: lines end with LF or CRLF)");
      }
      if (line.isBlank() || (line.startsWith("#") && !URI_TAGS.contains(tagName(line)))) {
        out.append(line);
      } else if (line.startsWith("#")) {
        out.append(rewriteUriAttribute(line, i + 1, uris));
      } else {
        out.append(replacement(uris, line.strip(), i + 1));
      }
      if (i < last) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String tagName(String line) {
    int colon = line.indexOf(':');
    return colon < 0 ? line : line.substring(0, colon);
  }

  /** Scans the attribute list after the tag's colon (section 4.2) and replaces URI's value. */
  private static String rewriteUriAttribute(String line, int number, UnaryOperator<String> uris) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("line " + number + ": " + tagName(line) + " needs an attribute list");
    }
    StringBuilder out = new StringBuilder(line.length() + 256).append(line, 0, colon + 1);
    int p = colon + 1;
    while (p < line.length()) {
      int eq = line.indexOf('=', p);
      if (eq < 0) {
        throw new IllegalArgumentException("line " + number + ": attribute without '=' (RFC 8216 4.2)");
      }
      String name = line.substring(p, eq);
      if (name.isEmpty() || !name.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-')) {
        throw new IllegalArgumentException("line " + number + ": bad attribute name (RFC 8216 4.2: [A-Z0-9-])");
      }
      int end;
      String value;
      if (eq + 1 < line.length() && line.charAt(eq + 1) == '"') {
        int close = line.indexOf('"', eq + 2);
        if (close < 0) {
          throw new IllegalArgumentException("line " + number + ": unterminated quoted-string (RFC 8216 4.2)");
        }
        end = close + 1;
        value = line.substring(eq + 2, close);
        out.append(name).append('=');
        if (name.equals("URI")) {
          String replaced = replacement(uris, value, number);
          if (replaced.indexOf('"') >= 0) {
            throw new IllegalArgumentException("line " + number + ": a URI replacement may not hold '\"'");
          }
          out.append('"').append(replaced).append('"');
        } else {
          out.append(line, eq + 1, end);
        }
      } else {
        int comma = line.indexOf(',', eq + 1);
        end = comma < 0 ? line.length() : comma;
        if (name.equals("URI")) {
          throw new IllegalArgumentException("line " + number + ": URI must be a quoted-string (RFC 8216 4.2)");
        }
        out.append(line, p, end);
      }
      if (end < line.length()) {
        if (line.charAt(end) != ',') {
          throw new IllegalArgumentException("line " + number + ": attributes are separated by ',' (RFC 8216 4.2)");
        }
        out.append(',');
        end++;
      }
      p = end;
    }
    return out.toString();
  }

  private static String replacement(UnaryOperator<String> uris, String uri, int number) {
    if (uri.isEmpty()) {
      throw new IllegalArgumentException("line " + number + ": empty URI");
    }
    String r = uris.apply(uri);
    if (r == null || r.isEmpty() || r.indexOf('\n') >= 0 || r.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("line " + number + ": no single-line replacement for " + uri);
    }
    return r;
  }
}
