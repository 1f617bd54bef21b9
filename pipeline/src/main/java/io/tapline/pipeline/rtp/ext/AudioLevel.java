package io.tapline.pipeline.rtp.ext;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * The RFC 6464 client-to-mixer audio level (section 3), one byte of data:
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |V|   level     |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>V is the voice-activity flag; level is the audio level in -dBov, 0 (loudest) to 127 (silence).
 * Senders may pad the element (the two-byte form allows longer data); only the first byte counts.
 */
public record AudioLevel(boolean voiceActivity, int level) {
  public AudioLevel {
    if (level < 0 || level > 127) {
      throw new IllegalArgumentException("audio level " + level + " outside 0-127 -dBov");
    }
  }

  /** @throws MalformedPacketException {@code rtp.ext.audio_level} for empty data */
  public static AudioLevel read(byte[] buffer, int offset, int length) throws MalformedPacketException {
    if (length < 1) {
      throw new MalformedPacketException("rtp.ext.audio_level", "empty element");
    }
    int b = buffer[offset] & 0xff;
    return new AudioLevel((b & 0x80) != 0, b & 0x7f);
  }

  /** Reads the element with {@code id} from {@code ext}, or returns null when there is none. */
  public static AudioLevel find(HeaderExtensions ext, int id) throws MalformedPacketException {
    int i = ext.find(id);
    return i < 0 ? null : read(ext.buffer(), ext.offset(i), ext.length(i));
  }

  public HeaderExtension toExtension(int id) {
    return new HeaderExtension(id, new byte[] {(byte) ((voiceActivity ? 0x80 : 0) | level)});
  }
}
