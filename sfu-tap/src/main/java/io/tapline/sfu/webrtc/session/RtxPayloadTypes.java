package io.tapline.sfu.webrtc.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The RTX payload types of one subscribe connection. Every m-section of a BUNDLE transport shares
 * one payload-type space (RFC 8843 section 9.1: a payload type means the same in every section),
 * and the primary payload types are the publishers' (forwarded unchanged). So each primary payload
 * type gets one RTX payload type ({@code apt}), the same in every section that uses it, picked from
 * 63 down to 35 (the lower dynamic range that browsers only fill from 35 upwards when 96-127 run
 * out), then 127 down to 96, never one a section uses as primary or another RTX. Kept for the
 * connection's life, so renegotiations do not change it (sections are never removed). Not
 * thread-safe: its owner serialises.
 */
public final class RtxPayloadTypes {
  private final Map<Integer, Integer> byPrimary = new HashMap<>();

  /**
   * The RTX payload type for {@code primary}, allocating one that is not in {@code primariesInUse}
   * (every primary payload type of the connection, this one included) nor already RTX.
   *
   * @throws IllegalStateException when the dynamic ranges are exhausted
   */
  public int rtxFor(int primary, Set<Integer> primariesInUse) {
    Integer known = byPrimary.get(primary);
    if (known != null) {
      return known;
    }
    for (int pt = 63; pt >= 35; pt--) {
      if (free(pt, primariesInUse)) {
        byPrimary.put(primary, pt);
        return pt;
      }
    }
    for (int pt = 127; pt >= 96; pt--) {
      if (free(pt, primariesInUse)) {
        byPrimary.put(primary, pt);
        return pt;
      }
    }
    throw new IllegalStateException("no free payload type left for RTX of " + primary);
  }

  /** Whether {@code pt} is one of the RTX payload types given out (a new primary would collide with it). */
  public boolean isRtx(int pt) {
    return byPrimary.containsValue(pt);
  }

  private boolean free(int pt, Set<Integer> primariesInUse) {
    return !primariesInUse.contains(pt) && !byPrimary.containsValue(pt);
  }
}
