/** The vocabulary every Tapline stage shares: RTP/RTCP, depacketizers, segment files, manifest. */
package io.tapline.pipeline;
