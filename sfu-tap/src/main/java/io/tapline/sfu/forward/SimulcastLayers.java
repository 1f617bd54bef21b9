package io.tapline.sfu.forward;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.ext.ExtensionMap;
import io.tapline.pipeline.rtp.ext.SdesExtension;
import io.tapline.sfu.codec.KeyframeBoundary;
import io.tapline.sfu.media.SimulcastStreams;
import io.tapline.sfu.media.TrackSpec;
import java.util.List;
import java.util.Map;

/**
 * The layers of one simulcast track (RFC 8853), lowest quality first. Each layer is its own RTP
 * stream: its SSRC is learned from the RtpStreamId header extension (RFC 8852 section 3.1) of its
 * first packet and latched like a plain track's ({@link SourceLatch}, restarts included); each has
 * its own keyframe boundaries, PLI requester and measured bitrate. The tap follows the highest
 * active layer ({@link #tapSwitch}), switching at a keyframe. I/O thread only.
 */
final class SimulcastLayers {
  /** Bitrates are measured over windows of this length and smoothed. */
  static final long WINDOW_NANOS = 500_000_000L;

  final class Layer {
    final String rid;
    final SourceLatch latch;
    final KeyframeBoundary boundary;
    final KeyframeRequester keyframes;
    private long windowBytes;
    private long windowStart = -1;
    private long bitrate;
    private long lastPacketNanos;
    private boolean seen;

    Layer(String rid, SourceLatch latch, KeyframeBoundary boundary, KeyframeRequester keyframes) {
      this.rid = rid;
      this.latch = latch;
      this.boundary = boundary;
      this.keyframes = keyframes;
    }
  }

  private final Layer[] layers;
  private final int ridId;
  private final long streamTimeoutNanos;
  private final LayerSwitch tapSwitch = new LayerSwitch();

  interface PliSender {
    boolean sendPli(long ssrc);
  }

  SimulcastLayers(TrackSpec spec, long streamTimeoutNanos, long keyframeMinIntervalNanos, PliSender pli) {
    SimulcastStreams streams = spec.simulcast();
    List<String> rids = streams.rids();
    this.layers = new Layer[rids.size()];
    for (int i = 0; i < layers.length; i++) {
      SourceLatch latch = new SourceLatch(null, streamTimeoutNanos);
      layers[i] = new Layer(rids.get(i), latch, new KeyframeBoundary(spec.codec()),
          new KeyframeRequester(keyframeMinIntervalNanos, now -> latch.ssrc() >= 0 && pli.sendPli(latch.ssrc())));
    }
    this.ridId = extensionId(spec.extmap(), ExtensionMap.RTP_STREAM_ID);
    this.streamTimeoutNanos = streamTimeoutNanos;
  }

  /** The key a subscriber re-bases on: changes with the layer and with a restart of that layer. */
  static int key(int layer, int epoch) {
    return (epoch << 2) | layer;
  }

  int size() {
    return layers.length;
  }

  Layer layer(int index) {
    return layers[index];
  }

  /**
   * The layer of a packet: by the SSRC latched for it, else by its rid header extension.
   *
   * @return the layer index, or -1 when the packet names no layer of this track
   * @throws MalformedPacketException when the rid element is malformed
   */
  int layerOf(RtpPacket packet) throws MalformedPacketException {
    long ssrc = packet.ssrc();
    for (int i = 0; i < layers.length; i++) {
      if (layers[i].latch.ssrc() == ssrc) {
        return i;
      }
    }
    if (ridId < 0 || !packet.hasExtension()) {
      return -1;
    }
    String rid = SdesExtension.find(packet.headerExtensions(), ridId);
    if (rid != null) {
      for (int i = 0; i < layers.length; i++) {
        if (layers[i].rid.equals(rid)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Counts a packet of a layer (bitrate, liveness). */
  void received(int layer, int bytes, long nowNanos) {
    Layer l = layers[layer];
    l.seen = true;
    l.lastPacketNanos = nowNanos;
    if (l.windowStart < 0) {
      l.windowStart = nowNanos;
    }
    l.windowBytes += bytes;
  }

  /** Closes bitrate windows that are over; a silent layer decays to 0. */
  void tick(long nowNanos) {
    for (Layer l : layers) {
      l.keyframes.tick(nowNanos);
      if (l.windowStart >= 0 && nowNanos - l.windowStart >= WINDOW_NANOS) {
        long measured = l.windowBytes * 8 * 1_000_000_000L / (nowNanos - l.windowStart);
        l.bitrate = l.bitrate == 0 ? measured : (l.bitrate + measured) / 2;
        l.windowBytes = 0;
        l.windowStart = nowNanos;
      }
    }
  }

  boolean active(int layer, long nowNanos) {
    Layer l = layers[layer];
    return l.seen && nowNanos - l.lastPacketNanos < streamTimeoutNanos;
  }

  void fill(long[] bitrates, boolean[] active, long nowNanos) {
    for (int i = 0; i < layers.length; i++) {
      bitrates[i] = layers[i].bitrate;
      active[i] = active(i, nowNanos);
    }
  }

  long bitrate(int layer) {
    return layers[layer].bitrate;
  }

  /** The highest layer being received, or -1. */
  int highestActive(long nowNanos) {
    for (int i = layers.length - 1; i >= 0; i--) {
      if (active(i, nowNanos)) {
        return i;
      }
    }
    return -1;
  }

  /** Asks for a keyframe on one layer (merged and rate-limited per layer). */
  void requestKeyframe(int layer, long nowNanos) {
    if (layer >= 0 && layer < layers.length) {
      layers[layer].keyframes.request(nowNanos);
    }
  }

  /**
   * Asks for the keyframe the tap needs: of the layer it records, or of the one it is switching to
   * (whose keyframe makes the switch and starts a segment); before it has one, of every layer
   * (whichever comes first starts the recording).
   */
  void requestTapKeyframe(long nowNanos) {
    int layer = tapSwitch.target() >= 0 ? tapSwitch.target() : tapSwitch.current();
    if (layer >= 0) {
      requestKeyframe(layer, nowNanos);
    } else {
      requestKeyframes(nowNanos);
    }
  }

  /** Asks every layer that is being received, or all of them before any is. */
  void requestKeyframes(long nowNanos) {
    boolean any = false;
    for (int i = 0; i < layers.length; i++) {
      if (active(i, nowNanos)) {
        layers[i].keyframes.request(nowNanos);
        any = true;
      }
    }
    if (!any) {
      for (Layer l : layers) {
        l.keyframes.request(nowNanos);
      }
    }
  }

  long pliSent() {
    long n = 0;
    for (Layer l : layers) {
      n += l.keyframes.sent();
    }
    return n;
  }

  LayerSwitch tapSwitch() {
    return tapSwitch;
  }

  private static int extensionId(Map<Integer, String> extmap, String uri) {
    for (Map.Entry<Integer, String> e : extmap.entrySet()) {
      if (uri.equals(e.getValue())) {
        return e.getKey();
      }
    }
    return -1;
  }
}
