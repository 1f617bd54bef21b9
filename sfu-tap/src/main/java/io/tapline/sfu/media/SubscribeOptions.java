package io.tapline.sfu.media;

import java.net.InetSocketAddress;

/**
 * How a subscriber wants a track delivered over plain RTP.
 *
 * @param rtpDestination where the SFU sends RTP for this track
 * @param rtcpDestination where it sends RTCP (sender reports), null for rtp port + 1
 * @param nack whether the subscriber sends generic NACKs and wants retransmissions
 */
public record SubscribeOptions(InetSocketAddress rtpDestination, InetSocketAddress rtcpDestination, boolean nack) {}
