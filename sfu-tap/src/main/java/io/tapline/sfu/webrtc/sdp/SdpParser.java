package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a session description (RFC 8866 section 5 and 9). The grammar, in the order the lines
 * must appear:
 *
 * <pre>
 * v=0
 * o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt;
 *     &lt;address&gt;
 * s=&lt;session name&gt;
 * (i= u= e= p= c= b=)  t= (r= z=)  (k=)  a=*        session level
 * m=&lt;media&gt; &lt;port&gt; &lt;proto&gt; &lt;fmt&gt; ...  (i= c= b= k= a=*)   per media section
 * </pre>
 *
 * Lines end in CRLF; a bare LF is accepted (section 5: "parsers SHOULD be tolerant"). Anything
 * else is refused with a {@link MalformedPacketException} whose reason names the line kind
 * ({@code sdp.line}, {@code sdp.origin}, {@code sdp.rtpmap}, ...): offers come from the network.
 */
public final class SdpParser {
  /** Far above any browser offer (tens of KiB with many m-lines), low enough to bound work. */
  static final int MAX_LENGTH = 256 * 1024;

  private SdpParser() {}

  public static SessionDescription parse(String sdp) throws MalformedPacketException {
    if (sdp.length() > MAX_LENGTH) {
      throw new MalformedPacketException("sdp.too-long", sdp.length() + " characters");
    }
    String[] rawLines = sdp.split("\n", -1);
    int count = rawLines.length;
    if (count > 0 && rawLines[count - 1].isEmpty()) {
      count--; // the terminator of the last line
    }
    if (count < 3) {
      throw new MalformedPacketException("sdp.truncated", count + " lines");
    }
    String version = line(rawLines[0], 1);
    if (!version.equals("v=0")) {
      throw new MalformedPacketException("sdp.version", "first line must be v=0");
    }
    String origin = value(line(rawLines[1], 2), 'o', "sdp.origin");
    if (SdpSyntax.fields(origin, 6, "sdp.origin").length != 6) {
      throw new MalformedPacketException("sdp.origin", "'" + origin + "'");
    }
    String sessionName = value(line(rawLines[2], 3), 's', "sdp.session-name");
    if (sessionName.isEmpty()) {
      throw new MalformedPacketException("sdp.session-name", "empty (use a single space)");
    }

    List<SdpLine> sessionLines = new ArrayList<>();
    List<SdpAttribute> sessionAttributes = new ArrayList<>();
    List<MediaDescription> media = new ArrayList<>();
    String mLine = null;
    List<SdpLine> mediaLines = new ArrayList<>();
    List<SdpAttribute> mediaAttributes = new ArrayList<>();
    boolean timing = false;
    for (int i = 3; i < count; i++) {
      String l = line(rawLines[i], i + 1);
      char type = l.charAt(0);
      String v = l.substring(2);
      if (type == 'm') {
        if (mLine != null) {
          media.add(MediaDescription.parseMLine(mLine, mediaLines, Attributes.of(mediaAttributes)));
        }
        mLine = v;
        mediaLines = new ArrayList<>();
        mediaAttributes = new ArrayList<>();
      } else if (type == 'a') {
        (mLine == null ? sessionAttributes : mediaAttributes).add(attribute(v, i + 1));
      } else if (type == 'v' || type == 'o' || type == 's') {
        throw new MalformedPacketException("sdp.order", type + "= on line " + (i + 1));
      } else {
        if (type == 't' && mLine == null) {
          timing = true;
        }
        (mLine == null ? sessionLines : mediaLines).add(new SdpLine(type, v));
      }
    }
    if (mLine != null) {
      media.add(MediaDescription.parseMLine(mLine, mediaLines, Attributes.of(mediaAttributes)));
    }
    if (!timing) {
      throw new MalformedPacketException("sdp.timing", "no t= line");
    }
    return new SessionDescription(origin, sessionName, sessionLines,
        Attributes.of(sessionAttributes), media);
  }

  private static String line(String raw, int number) throws MalformedPacketException {
    String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    if (l.length() < 2 || l.charAt(1) != '=' || l.charAt(0) < 'a' || l.charAt(0) > 'z') {
      throw new MalformedPacketException("sdp.line", "line " + number + " is not <type>=<value>");
    }
    for (int i = 2; i < l.length(); i++) {
      char c = l.charAt(i);
      if (c == '\r' || c == 0) {
        throw new MalformedPacketException("sdp.line", "CR or NUL inside line " + number);
      }
    }
    return l;
  }

  private static String value(String line, char type, String reason)
      throws MalformedPacketException {
    if (line.charAt(0) != type) {
      throw new MalformedPacketException(reason, "expected " + type + "= but got " + line);
    }
    return line.substring(2);
  }

  private static SdpAttribute attribute(String v, int number) throws MalformedPacketException {
    int colon = v.indexOf(':');
    String name = colon < 0 ? v : v.substring(0, colon);
    if (!SdpSyntax.isToken(name)) {
      throw new MalformedPacketException("sdp.attribute", "bad name on line " + number);
    }
    return colon < 0 ? SdpAttribute.flag(name) : SdpAttribute.of(name, v.substring(colon + 1));
  }
}
