package io.tapline.sfu.webrtc.sdp;

/** Writes a session description in RFC 8866 order with CRLF line ends. */
public final class SdpWriter {
  private SdpWriter() {}

  public static String write(SessionDescription sd) {
    StringBuilder sb = new StringBuilder();
    line(sb, "v=0");
    line(sb, "o=" + sd.origin());
    line(sb, "s=" + sd.sessionName());
    sd.lines().forEach(l -> line(sb, l.toString()));
    sd.attributes().all().forEach(a -> line(sb, a.toString()));
    for (MediaDescription m : sd.media()) {
      line(sb, "m=" + m.mLine());
      m.lines().forEach(l -> line(sb, l.toString()));
      m.attributes().all().forEach(a -> line(sb, a.toString()));
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String l) {
    sb.append(l).append("\r\n");
  }
}
