package io.tapline.pipeline.codec;

/**
 * One assembled unit of media, ready for a decoder or a muxer: a VP8 or VP9 frame as the encoder
 * wrote it (VP9 spatial layers packed into one superframe), an H.264 access unit in Annex-B form
 * (start codes), or one Opus packet.
 *
 * @param data the bitstream bytes; owned by the frame (never aliased to a packet buffer)
 * @param rtpTimestamp the 32-bit RTP timestamp as received; the caller unwraps
 * @param firstSequence sequence number of the first packet of the frame
 * @param lastSequence sequence number of the last packet of the frame
 * @param keyframe whether a decoder can start here (VP8/VP9 key frame, H.264 IDR); always true for
 *     Opus, where every packet is decodable on its own
 * @param width coded width in pixels when the frame says it (keyframe header, SPS), else 0
 * @param height coded height in pixels when known, else 0
 * @param arrivalMicros arrival time of the first packet, as given to {@link Depacketizer#push}
 * @param durationSamples Opus only: samples at 48 kHz from the TOC byte (RFC 6716 section 3.1);
 *     0 for video
 * @param silence Opus only: a 1-2 byte packet (DTX comfort noise or a lost-frame marker); the
 *     decoder handles it, a mixer may treat it as silence
 */
public record Frame(
    byte[] data,
    long rtpTimestamp,
    int firstSequence,
    int lastSequence,
    boolean keyframe,
    int width,
    int height,
    long arrivalMicros,
    int durationSamples,
    boolean silence) {

  public boolean hasResolution() {
    return width > 0 && height > 0;
  }

  @Override
  public String toString() {
    return "Frame[ts=" + rtpTimestamp + " seq=" + firstSequence + ".." + lastSequence
        + (keyframe ? " key" : "") + (hasResolution() ? " " + width + "x" + height : "")
        + (durationSamples > 0 ? " " + durationSamples + " samples" : "")
        + (silence ? " silence" : "") + " " + data.length + " bytes]";
  }
}
