package io.tapline.compositor.codec;

/**
 * One whole encoded frame (video picture or audio packet) rebuilt from RTP.
 *
 * @param timestamp extended RTP timestamp
 * @param arrivalMicros arrival of its first packet at the tap
 * @param data the codec bitstream, ready for a decoder or a container
 * @param keyframe decodable on its own
 * @param width picture width carried by a keyframe, 0 when unknown
 * @param height picture height carried by a keyframe, 0 when unknown
 */
public record EncodedFrame(long timestamp, long arrivalMicros, byte[] data, boolean keyframe, int width, int height) {}
