package io.tapline.sfu.media;

import java.net.InetSocketAddress;

/**
 * Where a plain-RTP publisher sends a track: RTP to {@code rtp}, RTCP to {@code rtcp} (the same
 * address when rtcp-mux is used).
 */
public record PublishEndpoint(String trackId, InetSocketAddress rtp, InetSocketAddress rtcp) {}
