/**
 * The minimum of RTCP (RFC 3550 section 6, RFC 4585, RFC 5104) the forwarding core needs: walk a
 * compound packet, read sender reports and feedback, write PLI and sender reports. Kept private
 * to sfu-tap until {@code io.tapline.pipeline.rtcp} lands, which should replace it.
 */
package io.tapline.sfu.rtcp;
