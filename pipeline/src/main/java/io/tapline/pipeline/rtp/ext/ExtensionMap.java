package io.tapline.pipeline.rtp.ext;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The local ids of header extensions as negotiated by SDP {@code a=extmap} (RFC 8285 section 5):
 * immutable, id &lt;-&gt; URI both ways.
 */
public final class ExtensionMap {
  /** RFC 6464 client-to-mixer audio level. */
  public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  /** Absolute send time (webrtc.org, 6.18 fixed-point seconds). */
  public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  /** draft-holmer-rmcat-transport-wide-cc-extensions-01 transport-wide sequence number. */
  public static final String TRANSPORT_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  /** RFC 8843 BUNDLE media identification. */
  public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  /** RFC 8852 RtpStreamId. */
  public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  /** RFC 8852 RepairedRtpStreamId. */
  public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

  private final Map<Integer, String> byId;
  private final Map<String, Integer> byUri;

  private ExtensionMap(Map<Integer, String> byId) {
    this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
    Map<String, Integer> reverse = new TreeMap<>();
    byId.forEach((id, uri) -> {
      if (reverse.put(uri, id) != null) {
        throw new IllegalArgumentException("URI mapped twice: " + uri);
      }
    });
    this.byUri = Collections.unmodifiableMap(reverse);
  }

  /** A map from id to URI; ids must be 1-255 (1-14 fit the one-byte form). */
  public static ExtensionMap of(Map<Integer, String> byId) {
    byId.forEach((id, uri) -> {
      if (id < 1 || id > 255 || id == 15) {
        throw new IllegalArgumentException("extension id " + id + " is not usable (1-14, 16-255)");
      }
    });
    return new ExtensionMap(byId);
  }

  /**
   * Reads the {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} lines of an SDP media
   * section; other lines are ignored.
   *
   * @throws IllegalArgumentException for an extmap line without a valid id or URI
   */
  public static ExtensionMap fromSdp(Iterable<String> lines) {
    Map<Integer, String> byId = new TreeMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (!line.startsWith("a=extmap:")) {
        continue;
      }
      String[] parts = line.substring("a=extmap:".length()).split("\\s+");
      if (parts.length < 2) {
        throw new IllegalArgumentException("extmap without URI: " + line);
      }
      String idPart = parts[0];
      int slash = idPart.indexOf('/');
      try {
        int id = Integer.parseInt(slash < 0 ? idPart : idPart.substring(0, slash));
        byId.put(id, parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("extmap with bad id: " + line, e);
      }
    }
    return of(byId);
  }

  public OptionalInt id(String uri) {
    Integer id = byUri.get(uri);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The URI for an id, or null. */
  public String uri(int id) {
    return byId.get(id);
  }

  public Map<Integer, String> asMap() {
    return byId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExtensionMap m && m.byId.equals(byId);
  }

  @Override
  public int hashCode() {
    return byId.hashCode();
  }

  @Override
  public String toString() {
    return "ExtensionMap" + byId;
  }
}
