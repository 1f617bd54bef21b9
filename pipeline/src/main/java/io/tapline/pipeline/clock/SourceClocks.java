package io.tapline.pipeline.clock;

import io.tapline.pipeline.rtcp.SenderReport;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ClockMapping}s of all sources of a session, by SSRC. A source is known once its
 * clock rate is registered (from the SDP / codec); SRs for unknown sources are ignored and counted.
 */
public final class SourceClocks {
  private final Map<Long, ClockMapping> bySsrc = new HashMap<>();
  private long unknownSenderReports;

  /** Registers a source; registering it again with the same rate keeps its mapping. */
  public ClockMapping register(long ssrc, int clockRate) {
    ClockMapping m = bySsrc.get(ssrc);
    if (m != null) {
      if (m.clockRate() != clockRate) {
        throw new IllegalArgumentException("SSRC " + ssrc + " already has clock rate " + m.clockRate());
      }
      return m;
    }
    m = new ClockMapping(clockRate);
    bySsrc.put(ssrc, m);
    return m;
  }

  /** Feeds an SR to its source's mapping; returns whether it was accepted. */
  public boolean onSenderReport(SenderReport sr) {
    ClockMapping m = bySsrc.get(sr.ssrc());
    if (m == null) {
      unknownSenderReports++;
      return false;
    }
    return m.addSenderReport(sr.ntpTimestamp(), sr.rtpTimestamp());
  }

  public Optional<ClockMapping> mapping(long ssrc) {
    return Optional.ofNullable(bySsrc.get(ssrc));
  }

  public long unknownSenderReports() {
    return unknownSenderReports;
  }
}
