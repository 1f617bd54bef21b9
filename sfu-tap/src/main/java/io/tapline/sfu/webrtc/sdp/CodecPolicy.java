package io.tapline.sfu.webrtc.sdp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which offered payload types Tapline accepts: the codecs its depacketizers and compositor handle.
 * VP8; VP9 profile 0 (profile 2 is 10-bit, which the compositor does not decode); H.264
 * constrained baseline ({@code profile-level-id} 42e0xx) with {@code packetization-mode=1}
 * (RFC 6184 section 8.1: mode 0 cannot carry FU-A, which every browser sends); AV1 only when
 * configured; Opus at 48 kHz stereo (RFC 7587). RTX (RFC 4588) is accepted for an accepted
 * {@code apt}. RED, ULPFEC, G.711, G.722, CN and DTMF are not: the tap records what it can
 * replay.
 */
final class CodecPolicy {
  /** RTCP feedback Tapline's forwarding core answers (RFC 4585, RFC 5104, transport-cc, REMB). */
  static final Set<String> FEEDBACK =
      Set.of("nack", "nack pli", "ccm fir", "transport-cc", "goog-remb");

  private final boolean av1;

  CodecPolicy(boolean av1) {
    this.av1 = av1;
  }

  /** The accepted payload types of a section in the offer's order (the offerer's preference). */
  List<Integer> accept(MediaDescription m) {
    Attributes a = m.attributes();
    Set<Integer> primary = new LinkedHashSet<>();
    for (int pt : m.payloadTypes()) {
      Optional<RtpMap> map = a.rtpMap(pt);
      if (map.isPresent() && acceptsPrimary(m.media(), map.get(), a.fmtp(pt))) {
        primary.add(pt);
      }
    }
    Set<Integer> out = new LinkedHashSet<>();
    for (int pt : m.payloadTypes()) {
      if (primary.contains(pt)) {
        out.add(pt);
      } else if (a.rtpMap(pt).map(r -> r.is("rtx")).orElse(false)) {
        Optional<Integer> apt =
            a.fmtp(pt).flatMap(f -> f.parameter("apt")).flatMap(CodecPolicy::pt);
        if (apt.isPresent() && primary.contains(apt.get())) {
          out.add(pt);
        }
      }
    }
    return List.copyOf(out);
  }

  private boolean acceptsPrimary(String media, RtpMap map, Optional<Fmtp> fmtp) {
    if (media.equals("audio")) {
      return map.is("opus") && map.clockRate() == 48000 && map.channels() == 2;
    }
    if (!media.equals("video") || map.clockRate() != 90000) {
      return false;
    }
    if (map.is("VP8")) {
      return true;
    }
    if (map.is("VP9")) {
      return fmtp.flatMap(f -> f.parameter("profile-id")).map("0"::equals).orElse(true);
    }
    if (map.is("AV1")) {
      return av1;
    }
    if (map.is("H264")) {
      String profile = fmtp.flatMap(f -> f.parameter("profile-level-id")).orElse("")
          .toLowerCase(Locale.ROOT);
      String mode = fmtp.flatMap(f -> f.parameter("packetization-mode")).orElse("0");
      return profile.length() == 6 && profile.startsWith("42e0") && mode.equals("1");
    }
    return false;
  }

  private static Optional<Integer> pt(String s) {
    return s.matches("[0-9]{1,3}") && Integer.parseInt(s) <= 127
        ? Optional.of(Integer.parseInt(s)) : Optional.empty();
  }
}
