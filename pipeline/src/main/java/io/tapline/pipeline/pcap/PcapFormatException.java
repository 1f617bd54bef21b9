package io.tapline.pipeline.pcap;

import java.io.IOException;

/** A file that is not a classic pcap file at all (wrong magic, pcapng, shorter than its header). */
public final class PcapFormatException extends IOException {
  private final String reason;

  public PcapFormatException(String reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /** A stable code: {@code pcap.short_header}, {@code pcap.pcapng} or {@code pcap.magic}. */
  public String reason() {
    return reason;
  }
}
