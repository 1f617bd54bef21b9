package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast:<send|recv> <list>[ <send|recv> <list>]} (RFC 8853 section 5.1). A list is
 * streams separated by ';', each a set of alternative rids separated by ','; a '~' in front of a
 * rid means it starts paused. Streams are kept with their alternatives; '~' is kept on the id.
 */
public record Simulcast(List<List<String>> send, List<List<String>> recv) {
  public Simulcast {
    send = List.copyOf(send);
    recv = List.copyOf(recv);
  }

  static Simulcast parse(String value) throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 2, "sdp.simulcast");
    if (f.length != 2 && f.length != 4) {
      throw new MalformedPacketException("sdp.simulcast", "'" + value + "'");
    }
    List<List<String>> send = List.of();
    List<List<String>> recv = List.of();
    for (int i = 0; i < f.length; i += 2) {
      List<List<String>> streams = streams(f[i + 1]);
      if (f[i].equals("send") && send.isEmpty()) {
        send = streams;
      } else if (f[i].equals("recv") && recv.isEmpty()) {
        recv = streams;
      } else {
        throw new MalformedPacketException("sdp.simulcast", "direction '" + f[i] + "'");
      }
    }
    return new Simulcast(send, recv);
  }

  private static List<List<String>> streams(String list) throws MalformedPacketException {
    List<List<String>> out = new ArrayList<>();
    for (String stream : list.split(";", -1)) {
      List<String> alternatives = new ArrayList<>();
      for (String rid : stream.split(",", -1)) {
        String id = rid.startsWith("~") ? rid.substring(1) : rid;
        if (!Rid.isValidId(id)) {
          throw new MalformedPacketException("sdp.simulcast", "rid '" + rid + "'");
        }
        alternatives.add(rid);
      }
      out.add(List.copyOf(alternatives));
    }
    return out;
  }

  String toValue() {
    StringBuilder sb = new StringBuilder();
    if (!send.isEmpty()) {
      sb.append("send ").append(format(send));
    }
    if (!recv.isEmpty()) {
      sb.append(sb.length() > 0 ? " " : "").append("recv ").append(format(recv));
    }
    return sb.toString();
  }

  private static String format(List<List<String>> streams) {
    List<String> parts = new ArrayList<>();
    for (List<String> s : streams) {
      parts.add(String.join(",", s));
    }
    return String.join(";", parts);
  }
}
