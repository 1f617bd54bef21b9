package io.tapline.pipeline.segment;

/** What a segment record holds. Codes are part of the file format: never renumber. */
public enum RecordType {
  RTP(1),
  RTCP(2);

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a code, or {@code null} for a code this version does not know (skipped by readers). */
  public static RecordType fromCode(int code) {
    return switch (code) {
      case 1 -> RTP;
      case 2 -> RTCP;
      default -> null;
    };
  }
}
