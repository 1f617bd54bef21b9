package io.tapline.compositor.synthetic;

/**
 * One packet out of a synthetic encoder.
 *
 * @param data the codec bitstream (a whole VP8 frame, one Opus packet)
 * @param pts its presentation time in the encoder's time base: the picture index for video, the
 *     first input sample (48 kHz) for audio, which for Opus starts negative by the encoder delay
 * @param keyframe decodable on its own (always true for audio)
 */
public record EncodedPacket(byte[] data, long pts, boolean keyframe) {}
