package io.tapline.sfu.signaling;

import io.tapline.sfu.auth.TokenClaims;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads the {@code track} of a publish and the addresses of a subscribe, checking every field. */
final class TrackSpecParser {
  private static final Set<String> KINDS = Set.of("audio", "video");
  private static final Set<String> SOURCES = Set.of("camera", "microphone", "screen");
  private static final Pattern CODEC = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final int MAX_FMTP = 1024;
  private static final int MAX_EXTMAP = 16;
  private static final int MAX_URI = 256;

  private TrackSpecParser() {}

  static TrackSpec track(Fields track, String conversationId, String participantId, String participantName) {
    String trackId = track.optionalText("trackId");
    if (trackId == null) {
      trackId = "tr-" + UUID.randomUUID();
    } else if (!TokenClaims.isValidId(trackId)) {
      throw track.invalid("trackId", "must match [A-Za-z0-9._-]{1,64} and not start with a dot");
    }
    String kind = oneOf(track, "kind", KINDS);
    String source = oneOf(track, "source", SOURCES);
    if (source.equals("microphone") && !kind.equals("audio") || source.equals("camera") && !kind.equals("video")) {
      throw track.invalid("source", "'" + source + "' does not go with kind '" + kind + "'");
    }
    String codec = track.text("codec");
    if (!CODEC.matcher(codec).matches()) {
      throw track.invalid("codec", "must be an SDP encoding name such as VP8, H264 or opus");
    }
    int payloadType = (int) track.integer("payloadType", 0, 127);
    int clockRate = (int) track.integer("clockRate", 1000, 1_000_000);
    Long channels = track.optionalInteger("channels", 1, 8);
    if (channels != null && kind.equals("video")) {
      throw track.invalid("channels", "is only for audio tracks");
    }
    String fmtp = track.optionalText("fmtp");
    if (fmtp != null && fmtp.length() > MAX_FMTP) {
      throw track.invalid("fmtp", "must be at most " + MAX_FMTP + " characters");
    }
    Long ssrc = track.optionalInteger("ssrc", 0, 0xFFFF_FFFFL);
    return new TrackSpec(conversationId, participantId, participantName, trackId, kind, source, codec, payloadType,
        clockRate, channels == null ? null : channels.intValue(), fmtp, extmap(track), ssrc);
  }

  /** RFC 8285: ids 1-14 (one-byte) or 1-255 (two-byte headers). */
  private static Map<Integer, String> extmap(Fields track) {
    var entries = track.objects("extmap");
    if (entries.size() > MAX_EXTMAP) {
      throw track.invalid("extmap", "must have at most " + MAX_EXTMAP + " entries");
    }
    Map<Integer, String> out = new LinkedHashMap<>();
    for (Fields e : entries) {
      int id = (int) e.integer("id", 1, 255);
      String uri = e.text("uri");
      if (uri.isEmpty() || uri.length() > MAX_URI) {
        throw e.invalid("uri", "must be 1 to " + MAX_URI + " characters");
      }
      if (out.put(id, uri) != null) {
        throw e.invalid("id", "is used twice");
      }
    }
    return out;
  }

  static SubscribeOptions subscribeOptions(Fields request) {
    InetSocketAddress rtp = address(request.object("rtp"));
    Fields rtcpFields = request.optionalObject("rtcp");
    InetSocketAddress rtcp = rtcpFields == null ? null : address(rtcpFields);
    return new SubscribeOptions(rtp, rtcp, request.bool("nack", false));
  }

  /** IP literals only: a host name would make the signaling thread wait for DNS. */
  static InetSocketAddress address(Fields a) {
    String host = a.text("host");
    if (!isIpv4(host) && !(host.contains(":") && IPV6.matcher(host).matches())) {
      throw a.invalid("host", "must be an IPv4 or IPv6 address literal");
    }
    int port = (int) a.integer("port", 1, 65535);
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw a.invalid("host", "is not a valid IP address");
    }
  }

  private static boolean isIpv4(String host) {
    if (!IPV4.matcher(host).matches()) {
      return false;
    }
    for (String octet : host.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String oneOf(Fields f, String name, Set<String> allowed) {
    String value = f.text(name);
    if (!allowed.contains(value)) {
      throw f.invalid(name, "must be one of " + String.join(", ", new TreeSet<>(allowed)));
    }
    return value;
  }
}
