package io.tapline.sfu.forward;

import io.tapline.pipeline.rtcp.PictureLossIndication;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.speaker.AudioLevelReader;
import io.tapline.sfu.tap.TrackTap;
import io.tapline.sfu.transport.DatagramHandler;
import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.transport.PortPairBinder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One published track: its RTP/RTCP port pair, who may send on it, its subscribers and the state
 * the receive paths share. Everything but the volatile fields is owned by the track's I/O loop;
 * control calls reach it through {@link IoLoop#call}.
 */
final class PublishedTrack {
  private static final Logger log = LoggerFactory.getLogger(PublishedTrack.class);

  final TrackSpec spec;
  final Conversation conversation;
  final IoLoop loop;
  // A plain track's own ports; a track published over a connection gets a pair only when a plain
  // subscriber needs a source (and a feedback address). Set once, under the conversation's lock.
  volatile PortPairBinder.Pair channels;
  final ConnectionPort connection; // null for plain RTP
  final SourceLatch latch;
  final PacketCache cache;
  final KeyframeRequester keyframes;
  final SimulcastLayers layers; // null for a single-stream track
  final int absSendTimeId; // the publisher's abs-send-time extension id, -1 for none
  private final MediaPlaneConfig config;
  private long[] layerBitrates;
  private boolean[] layerActive;
  final AudioLevelReader audioLevel;
  final long localSsrc; // the SFU's SSRC when it sends feedback about this track
  final WallClock clock;
  final MediaEvents events;

  volatile boolean muted;
  volatile TrackTap tap;

  Subscription[] subscriptions = new Subscription[0];
  final Map<Long, Subscription> byOutSsrc = new HashMap<>();
  boolean nackWanted;
  boolean started;
  InetSocketAddress publisherRtcp; // learned from the publisher's sender reports
  DatagramHandler rtcpPath; // where subscribers' feedback about this track goes
  boolean rtcpMux;

  private byte[] scratch = new byte[2048];
  private ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch);
  private final byte[] rtcpScratch = new byte[1500];
  private final ByteBuffer rtcpBuffer = ByteBuffer.wrap(rtcpScratch);

  /** What a track reports to the plane (listeners, speaker detection) without knowing the plane. */
  interface MediaEvents {
    void trackStarted(PublishedTrack track);
  }

  PublishedTrack(TrackSpec spec, Conversation conversation, IoLoop loop, PortPairBinder.Pair channels,
      ConnectionPort connection, MediaPlaneConfig config, long localSsrc, WallClock clock, MediaEvents events) {
    this.spec = spec;
    this.conversation = conversation;
    this.loop = loop;
    this.channels = channels;
    this.connection = connection;
    this.latch = new SourceLatch(spec.ssrc(), config.streamTimeout().toNanos());
    this.cache = new PacketCache(config.packetCacheSize());
    this.keyframes = new KeyframeRequester(config.keyframeMinInterval().toNanos(), now -> sendPli(latch.ssrc()));
    this.config = config;
    this.absSendTimeId = spec.extmap().entrySet().stream()
        .filter(e -> io.tapline.pipeline.rtp.ext.ExtensionMap.ABS_SEND_TIME.equals(e.getValue()))
        .mapToInt(java.util.Map.Entry::getKey).findFirst().orElse(-1);
    if (spec.simulcast() != null) {
      this.layers = new SimulcastLayers(spec, config.streamTimeout().toNanos(), config.keyframeMinInterval().toNanos(),
          this::sendPli);
      this.layerBitrates = new long[layers.size()];
      this.layerActive = new boolean[layers.size()];
    } else {
      this.layers = null;
    }
    this.audioLevel = spec.isVideo() ? null : AudioLevelReader.from(spec.extmap());
    this.localSsrc = localSsrc;
    this.clock = clock;
    this.events = events;
  }

  byte[] scratch(int length) {
    if (scratch.length < length) {
      scratch = new byte[length];
      scratchBuffer = ByteBuffer.wrap(scratch);
    }
    return scratch;
  }

  /** A subscriber reached over plain UDP: packets leave from this track's ports. */
  PacketSink udpSink(InetSocketAddress rtp, InetSocketAddress rtcp) {
    return new PacketSink() {
      @Override
      public boolean sendRtp(byte[] buf, int len) {
        return send(channels.rtp(), wrap(buf, len), rtp);
      }

      @Override
      public boolean sendRtcp(byte[] buf, int len) {
        return send(rtcpMux ? channels.rtp() : channels.rtcp(), wrap(buf, len), rtcp);
      }
    };
  }

  /** The track's own scratch buffers are wrapped once; anything else (rare) per call. */
  private ByteBuffer wrap(byte[] buf, int len) {
    ByteBuffer b = buf == scratch ? scratchBuffer : buf == rtcpScratch ? rtcpBuffer : ByteBuffer.wrap(buf);
    return b.clear().limit(len);
  }

  byte[] rtcpScratch() {
    return rtcpScratch;
  }

  private boolean send(DatagramChannel ch, ByteBuffer buf, InetSocketAddress to) {
    try {
      if (ch.send(buf, to) == 0) {
        conversation.meters.drop(DropReasons.SEND_BUFFER_FULL);
        return false;
      }
      return true;
    } catch (IOException e) {
      conversation.meters.drop(DropReasons.SEND_FAILED);
      log.debug("send to {} failed", to, e);
      return false;
    }
  }

  private boolean sendPli(long ssrc) {
    if (ssrc < 0) {
      return false;
    }
    if (connection != null) {
      int n = new PictureLossIndication(localSsrc, ssrc).writeTo(rtcpScratch, 0);
      return connection.sink().sendRtcp(rtcpScratch, n);
    }
    InetSocketAddress to = publisherRtcp;
    InetSocketAddress source = layers != null ? layers.layer(0).latch.source() : latch.source();
    if (to == null && source != null) {
      // no report seen yet: RTCP goes to RTP port + 1 by convention (RFC 3550 section 11)
      InetSocketAddress s = source;
      to = rtcpMux ? s : new InetSocketAddress(s.getAddress(), s.getPort() + 1);
    }
    if (to == null) {
      return false;
    }
    int n = new PictureLossIndication(localSsrc, ssrc).writeTo(rtcpScratch, 0);
    return send(rtcpMux ? channels.rtp() : channels.rtcp(), wrap(rtcpScratch, n), to);
  }

  void addSubscription(Subscription s) {
    Subscription[] next = java.util.Arrays.copyOf(subscriptions, subscriptions.length + 1);
    next[next.length - 1] = s;
    subscriptions = next;
    byOutSsrc.put(s.outSsrc, s);
    nackWanted |= s.nack;
    if (layers != null) {
      s.simulcast(new LayerSelector(config.simulcast().upSwitchDelay().toNanos(), config.simulcast().upHeadroom()),
          "VP8".equalsIgnoreCase(spec.codec()));
    }
    if (s.connection != null) {
      s.connection.routeFeedback(s.outSsrc, loop, rtcpPath);
    }
  }

  void removeSubscription(String subscriberId) {
    for (Subscription s : subscriptions) {
      if (s.subscriberId.equals(subscriberId) && s.connection != null) {
        s.connection.unrouteFeedback(s.outSsrc);
      }
    }
    Subscription[] next = java.util.Arrays.stream(subscriptions)
        .filter(s -> !s.subscriberId.equals(subscriberId)).toArray(Subscription[]::new);
    subscriptions = next;
    byOutSsrc.values().removeIf(s -> s.subscriberId.equals(subscriberId));
    nackWanted = java.util.Arrays.stream(next).anyMatch(s -> s.nack);
  }

  boolean hasSubscriber(String subscriberId) {
    for (Subscription s : subscriptions) {
      if (s.subscriberId.equals(subscriberId)) {
        return true;
      }
    }
    return false;
  }

  void tick(long nowNanos) {
    keyframes.tick(nowNanos);
    if (layers != null) {
      layers.tick(nowNanos);
      selectLayers(nowNanos);
    }
  }

  /** Asks for a keyframe: a single stream's, or every received layer's. */
  void requestKeyframe(long nowNanos) {
    if (layers != null) {
      layers.requestKeyframes(nowNanos);
    } else {
      keyframes.request(nowNanos);
    }
  }

  /** Asks for the keyframe one subscriber needs (a simulcast subscriber: of its layer). */
  void requestKeyframe(Subscription s, long nowNanos) {
    if (layers != null && s.layers != null) {
      layers.requestKeyframe(s.layers.current() >= 0 ? s.layers.current() : s.layers.target(), nowNanos);
    } else {
      keyframes.request(nowNanos);
    }
  }

  /**
   * Asks for the keyframe the tap needs (a segment roll, a recording's start): of a simulcast track,
   * the layer it records or is switching to only, not every layer.
   */
  void requestTapKeyframe(long nowNanos) {
    if (layers != null) {
      layers.requestTapKeyframe(nowNanos);
    } else {
      keyframes.request(nowNanos);
    }
  }

  long keyframeRequestsSent() {
    return layers != null ? layers.pliSent() : keyframes.sent();
  }

  /**
   * Simulcast: each subscriber gets the layer its bandwidth estimate fits (plain RTP: the highest),
   * the tap the highest; a new target gets a keyframe request, repeated (rate-limited) until its
   * keyframe makes the switch.
   */
  private void selectLayers(long nowNanos) {
    layers.fill(layerBitrates, layerActive, nowNanos);
    for (Subscription s : subscriptions) {
      long estimate = s.connection != null ? s.connection.downlinkEstimateBps(nowNanos) : Long.MAX_VALUE;
      int want = s.selector.select(estimate, layerBitrates, layerActive, s.layers.current(), nowNanos);
      int before = s.layers.target();
      if (s.layers.retarget(want)) {
        layers.requestKeyframe(want, nowNanos);
        if (want != before) { // rare (the selector holds a layer a while): worth an operator's eye
          log.info("subscriber {} of {}: layer {} -> {} (estimate {} bit/s, layer {} bit/s)", s.subscriberId,
              spec.trackId(), rid(s.layers.current()), rid(want), estimate, layerBitrates[want]);
        }
      }
    }
    int tapBefore = layers.tapSwitch().target();
    if (tap != null && layers.tapSwitch().retarget(layers.highestActive(nowNanos))) {
      layers.requestKeyframe(layers.tapSwitch().target(), nowNanos);
      if (layers.tapSwitch().target() != tapBefore) {
        log.info("tap of {}: records layer {} from its next keyframe (was {})", spec.trackId(),
            rid(layers.tapSwitch().target()), rid(layers.tapSwitch().current()));
      }
    }
  }

  /** A layer's rid for the log, {@code -} for none. */
  private String rid(int layer) {
    return layer >= 0 ? layers.layer(layer).rid : "-";
  }

  /** Ends every subscription (the track is going away). I/O thread. */
  void removeAllSubscriptions() {
    for (Subscription s : subscriptions) {
      if (s.connection != null) {
        s.connection.unrouteFeedback(s.outSsrc);
      }
    }
    subscriptions = new Subscription[0];
    byOutSsrc.clear();
    nackWanted = false;
  }

  InetSocketAddress rtpAddress() {
    return local(channels.rtp());
  }

  InetSocketAddress rtcpAddress() {
    return local(channels.rtcp());
  }

  private static InetSocketAddress local(DatagramChannel ch) {
    try {
      return (InetSocketAddress) ch.getLocalAddress();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
