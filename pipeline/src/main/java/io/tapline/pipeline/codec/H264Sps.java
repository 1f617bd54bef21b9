package io.tapline.pipeline.codec;

/**
 * What Tapline needs from an H.264 sequence parameter set.
 *
 * @param width displayed width in pixels: coded width minus the frame cropping
 * @param height displayed height in pixels: coded height minus the frame cropping
 * @param codedWidth width in pixels of the coded picture (whole macroblocks)
 * @param codedHeight height in pixels of the coded frame (whole macroblocks, both fields)
 */
public record H264Sps(
    int profileIdc,
    int constraintFlags,
    int levelIdc,
    int seqParameterSetId,
    int chromaFormatIdc,
    boolean frameMbsOnly,
    int width,
    int height,
    int codedWidth,
    int codedHeight) {}
