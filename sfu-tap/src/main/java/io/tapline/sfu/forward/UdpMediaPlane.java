package io.tapline.sfu.forward;

import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.pipeline.manifest.RecordingDirectory;
import io.tapline.sfu.media.MediaConnection;
import io.tapline.sfu.media.MediaListener;
import io.tapline.sfu.media.MediaPlane;
import io.tapline.sfu.media.PublishEndpoint;
import io.tapline.sfu.media.SubscribeOptions;
import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.speaker.ActiveSpeakerDetector;
import io.tapline.sfu.tap.RecordingSession;
import io.tapline.sfu.tap.Tap;
import io.tapline.sfu.tap.TapConfig;
import io.tapline.sfu.tap.TapRecording;
import io.tapline.sfu.transport.IoLoop;
import io.tapline.sfu.transport.IoLoopGroup;
import io.tapline.sfu.transport.PortPairBinder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain RTP/UDP forwarding core and its tap. Each published track gets its own RTP/RTCP port
 * pair (RTCP on RTP + 1), served by one of a few I/O threads: the port identifies the track, so
 * senders that do not announce their SSRC (ffmpeg, GStreamer, SIP gateways) work unchanged, the
 * source address can be latched per track, and garbage aimed at one port is counted against that
 * conversation only. Subscribers receive RTP from the track's RTP port and RTCP sender reports
 * from its RTCP port, and send their feedback (PLI, FIR, NACK, RR) back to that RTCP port (or,
 * multiplexed, to the RTP port).
 *
 * <p>Control calls are thread-safe and take effect on the track's I/O thread before they return.
 * Listener callbacks run on a separate control thread, never on an I/O thread.
 */
public final class UdpMediaPlane implements MediaPlane, Tap {
  private static final Logger log = LoggerFactory.getLogger(UdpMediaPlane.class);

  private final MediaPlaneConfig config;
  private final TapConfig tapConfig;
  private final MeterRegistry registry;
  private final TrafficMeters total;
  private final IoLoopGroup loops;
  private final PortPairBinder binder;
  private final WallClock clock = new WallClock();
  private final ScheduledExecutorService control;
  private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
  private final Map<PublishedTrack, LongConsumer> tickers = new ConcurrentHashMap<>();
  private final List<MediaListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public UdpMediaPlane(MediaPlaneConfig config, TapConfig tapConfig, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.tapConfig = Objects.requireNonNull(tapConfig, "tapConfig");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.total = TrafficMeters.total(registry);
    this.loops = new IoLoopGroup("sfu-io", config.ioThreads(), config.tick(), config.ioSpin());
    this.binder = new PortPairBinder(config.bindAddress(), config.minPort(), config.maxPort(),
        config.socketBufferBytes(), config.socketBufferBytes());
    this.control = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sfu-control");
      t.setDaemon(true);
      return t;
    });
    long every = config.speaker().evaluateEvery().toNanos();
    control.scheduleAtFixedRate(this::evaluateSpeakers, every, every, TimeUnit.NANOSECONDS);
  }

  @Override
  public PublishEndpoint publish(TrackSpec spec) {
    checkOpen();
    RecordingDirectory.checkTrackId(spec.trackId());
    if (spec.payloadType() < 0 || spec.payloadType() > 127 || spec.clockRate() <= 0) {
      throw new IllegalArgumentException("bad payload type or clock rate in " + spec);
    }
    Conversation conv = conversation(spec.conversationId());
    synchronized (conv) {
      if (conv.tracks.containsKey(spec.trackId())) {
        throw new IllegalStateException("track " + spec.trackId() + " is already published in " + conv.id);
      }
      PortPairBinder.Pair pair = binder.bind();
      IoLoop loop = loops.next();
      PublishedTrack track = new PublishedTrack(spec, conv, loop, pair, null, config, randomSsrc(), clock,
          this::started);
      RtcpReceivePath rtcp = new RtcpReceivePath(track, config.rtx());
      track.rtcpPath = rtcp;
      loop.register(pair.rtp(), new RtpReceivePath(track, rtcp));
      loop.register(pair.rtcp(), rtcp);
      LongConsumer ticker = track::tick;
      tickers.put(track, ticker);
      loop.addTicker(ticker);
      conv.tracks.put(spec.trackId(), track);
      RecordingSession recording = conv.recording;
      if (recording != null) {
        track.tap = recording.trackTap(spec);
      }
      log.info("published {}/{} ({} {}) on RTP {} RTCP {}", conv.id, spec.trackId(), spec.kind(), spec.codec(),
          track.rtpAddress(), track.rtcpAddress());
      return new PublishEndpoint(spec.trackId(),
          new InetSocketAddress(config.advertisedAddress(), track.rtpAddress().getPort()),
          new InetSocketAddress(config.advertisedAddress(), track.rtcpAddress().getPort()));
    }
  }

  /**
   * Publishes a track whose packets arrive over a {@link ConnectionPort} (a WebRTC connection on
   * the shared port): the same receive paths as a plain track, fed by the connection's routing by
   * SSRC instead of a port pair, on the connection's I/O loop.
   */
  @Override
  public void publish(TrackSpec spec, MediaConnection connection) {
    checkOpen();
    RecordingDirectory.checkTrackId(spec.trackId());
    if (!(connection instanceof ConnectionPort port)) {
      throw new IllegalArgumentException("not a connection of this media plane: " + connection);
    }
    if (spec.payloadType() < 0 || spec.payloadType() > 127 || spec.clockRate() <= 0) {
      throw new IllegalArgumentException("bad payload type or clock rate in " + spec);
    }
    Conversation conv = conversation(spec.conversationId());
    synchronized (conv) {
      if (conv.tracks.containsKey(spec.trackId())) {
        throw new IllegalStateException("track " + spec.trackId() + " is already published in " + conv.id);
      }
      PublishedTrack track = new PublishedTrack(spec, conv, port.loop(), null, port, config, randomSsrc(), clock,
          this::started);
      RtcpReceivePath rtcp = new RtcpReceivePath(track, config.rtx());
      track.rtcpPath = rtcp;
      RtpReceivePath rtp = new RtpReceivePath(track, rtcp);
      port.publishedExtensions(spec.extmap());
      if (spec.simulcast() != null) {
        port.loop().call(() -> port.routeSimulcast(spec.simulcast(), spec.extmap(), rtp, rtcp));
      } else {
        port.loop().call(() -> port.routeInbound(spec, rtp, rtcp)); // by SSRC, or learned (WebRTC mid)
      }
      LongConsumer ticker = track::tick;
      tickers.put(track, ticker);
      track.loop.addTicker(ticker);
      conv.tracks.put(spec.trackId(), track);
      RecordingSession recording = conv.recording;
      if (recording != null) {
        track.tap = recording.trackTap(spec);
      }
      log.info("published {}/{} ({} {}) over connection {} SSRC {} simulcast {}", conv.id, spec.trackId(),
          spec.kind(), spec.codec(), port.id(), spec.ssrc(), spec.simulcast());
    }
  }

  @Override
  public void unpublish(String conversationId, String trackId) {
    Conversation conv = conversations.get(conversationId);
    if (conv == null) {
      return;
    }
    synchronized (conv) {
      PublishedTrack track = conv.tracks.remove(trackId);
      if (track == null) {
        return;
      }
      track.tap = null;
      RecordingSession recording = conv.recording;
      if (recording != null) {
        recording.trackEnded(trackId);
      }
      track.loop.removeTicker(tickers.remove(track));
      track.loop.call(() -> {
        track.removeAllSubscriptions();
        if (track.connection != null && track.spec.simulcast() != null) {
          track.connection.unrouteSimulcast(track.spec.simulcast().mid());
        } else if (track.connection != null) {
          track.connection.unrouteInbound(track.spec);
        }
        if (track.channels != null) {
          track.channels.close();
        }
      });
      String participant = track.spec.participantId();
      if (conv.tracks.values().stream().noneMatch(t -> t.spec.participantId().equals(participant))) {
        conv.speaker.remove(participant);
      }
      if (conv.tracks.isEmpty() && conv.recording == null) {
        conversations.remove(conversationId, conv);
        conv.meters.close();
      }
    }
  }

  @Override
  public void subscribe(String conversationId, String subscriberId, String trackId, SubscribeOptions options) {
    PublishedTrack track = track(conversationId, trackId);
    PacketSink sink;
    ConnectionPort port = null;
    if (options.connection() != null) {
      if (!(options.connection() instanceof ConnectionPort p)) {
        throw new IllegalArgumentException("not a connection of this media plane: " + options.connection());
      }
      port = p;
      sink = p.sink();
    } else {
      Objects.requireNonNull(options.rtpDestination(), "rtpDestination");
      InetSocketAddress rtp = options.rtpDestination();
      InetSocketAddress rtcp = options.rtcpDestination() != null
          ? options.rtcpDestination()
          : new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
      if (track.channels == null) {
        plainPorts(track);
      }
      sink = track.udpSink(rtp, rtcp);
    }
    ConnectionPort connection = port;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    track.loop.call(() -> {
      track.removeSubscription(subscriberId); // subscribing again replaces the destination
      long ssrc;
      if (options.ssrc() != null) {
        ssrc = options.ssrc();
        if (track.byOutSsrc.containsKey(ssrc)) {
          throw new IllegalStateException("SSRC " + ssrc + " is already used for " + trackId);
        }
      } else {
        do {
          ssrc = randomSsrc();
        } while (track.byOutSsrc.containsKey(ssrc));
      }
      Subscription subscription = new Subscription(subscriberId, ssrc, sink, connection, options.nack(),
          track.spec.clockRate(), random.nextInt(1 << 16), random.nextLong(1L << 32));
      subscription.extensions = ExtensionIdRewriter.of(track.spec.extmap(),
          connection == null ? null : connection.extensionIds());
      if (options.rtx() != null && connection != null && track.spec.isVideo()) {
        subscription.rtx = new RtxStream(options.rtx().ssrc(), options.rtx().payloadType(), config.rtx().history(),
            random.nextInt(1 << 16));
      }
      track.addSubscription(subscription);
    });
    if (track.spec.isVideo()) {
      requestKeyframe(conversationId, trackId); // a new subscriber can only decode from a keyframe
    }
  }

  /**
   * A track that arrives over a connection gets a port pair when its first plain-RTP subscriber
   * comes: packets to that subscriber leave from it, and its feedback (RTCP, or muxed on the RTP
   * port) comes back to it.
   */
  private void plainPorts(PublishedTrack track) {
    synchronized (track.conversation) {
      if (track.channels != null) {
        return;
      }
      PortPairBinder.Pair pair = binder.bind();
      track.loop.register(pair.rtp(), track.rtcpPath);
      track.loop.register(pair.rtcp(), track.rtcpPath);
      track.channels = pair;
    }
  }

  @Override
  public void unsubscribe(String conversationId, String subscriberId, String trackId) {
    Conversation conv = conversations.get(conversationId);
    PublishedTrack track = conv == null ? null : conv.tracks.get(trackId);
    if (track != null) {
      track.loop.call(() -> track.removeSubscription(subscriberId));
    }
  }

  @Override
  public void setMuted(String conversationId, String trackId, boolean muted) {
    PublishedTrack track = track(conversationId, trackId);
    track.loop.call(() -> {
      if (track.muted && !muted) {
        track.latch.rebase(); // subscribers continue their sequence numbers after the gap
        for (int i = 0; track.layers != null && i < track.layers.size(); i++) {
          track.layers.layer(i).latch.rebase();
        }
      }
      track.muted = muted;
    });
    if (!muted && track.spec.isVideo()) {
      requestKeyframe(conversationId, trackId);
    }
  }

  @Override
  public void requestKeyframe(String conversationId, String trackId) {
    Conversation conv = conversations.get(conversationId);
    PublishedTrack track = conv == null ? null : conv.tracks.get(trackId);
    if (track != null && track.spec.isVideo()) {
      track.loop.execute(() -> track.requestKeyframe(System.nanoTime()));
    }
  }

  private static void requestTapKeyframe(Conversation conv, String trackId) {
    PublishedTrack track = conv.tracks.get(trackId);
    if (track != null && track.spec.isVideo()) {
      track.loop.execute(() -> track.requestTapKeyframe(System.nanoTime()));
    }
  }

  @Override
  public void addListener(MediaListener listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  @Override
  public TapRecording start(String conversationId, String recordingId, Path directory) {
    checkOpen();
    Conversation conv = conversation(conversationId);
    synchronized (conv) {
      if (conv.recording != null) {
        throw new IllegalStateException("conversation " + conversationId + " is already being recorded");
      }
      RecordingSession[] self = new RecordingSession[1];
      RecordingSession session = new RecordingSession(recordingId, conversationId, directory, tapConfig,
          trackId -> requestTapKeyframe(conv, trackId), () -> detach(conv, self[0]), clock::nowMicros,
          registry);
      self[0] = session;
      conv.recording = session;
      for (PublishedTrack t : conv.tracks.values()) {
        t.tap = session.trackTap(t.spec);
      }
      log.info("recording {} of {} started in {}", recordingId, conversationId, directory);
      return session;
    }
  }

  private void detach(Conversation conv, RecordingSession session) {
    synchronized (conv) {
      if (conv.recording == session) {
        conv.recording = null;
        conv.tracks.values().forEach(t -> t.tap = null);
        if (conv.tracks.isEmpty() && conversations.remove(conv.id, conv)) {
          conv.meters.close(); // a recording of a conversation nobody published in
        }
      }
    }
  }

  /** Counts of one conversation; all zero for an unknown one. */
  public TrafficSnapshot stats(String conversationId) {
    Conversation conv = conversations.get(conversationId);
    return conv == null ? new TrafficSnapshot(0, 0, 0, 0, Map.of()) : conv.meters.snapshot();
  }

  /** Counts of the whole plane. */
  public TrafficSnapshot totalStats() {
    return total.snapshot();
  }

  /** Where subscribers of a track send RTCP feedback (the port the track's sender reports come from). */
  public InetSocketAddress feedbackAddress(String conversationId, String trackId) {
    PublishedTrack t = track(conversationId, trackId);
    return new InetSocketAddress(config.advertisedAddress(), t.rtcpAddress().getPort());
  }

  /** PLIs sent to the publisher of a track so far (after merging and rate limiting). */
  public long keyframeRequestsSent(String conversationId, String trackId) {
    PublishedTrack t = track(conversationId, trackId);
    long[] n = new long[1];
    t.loop.call(() -> n[0] = t.keyframeRequestsSent());
    return n[0];
  }

  /** The I/O loop a connection transport (the WebRTC port) reads on; its tracks live there too. */
  public IoLoop connectionLoop() {
    return loops.loops().get(0);
  }

  /** Wake-ups and datagrams of each I/O loop so far (batching per wake-up), for load tests and diagnostics. */
  public List<IoLoop.LoopStats> ioLoopStats() {
    return loops.loops().stream().map(IoLoop::stats).toList();
  }

  /** The I/O threads, for CPU accounting in load tests. */
  public List<Thread> ioThreads() {
    return loops.loops().stream().map(IoLoop::thread).toList();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Conversation conv : conversations.values()) {
      RecordingSession r = conv.recording;
      if (r != null) {
        r.stop();
      }
      for (String trackId : List.copyOf(conv.tracks.keySet())) {
        unpublish(conv.id, trackId);
      }
      conv.meters.close();
    }
    conversations.clear();
    control.shutdownNow();
    loops.close();
    total.close();
  }

  private void started(PublishedTrack track) {
    control.execute(() -> {
      for (MediaListener l : listeners) {
        try {
          l.trackStarted(track.spec.conversationId(), track.spec.trackId());
        } catch (RuntimeException e) {
          log.warn("listener failed on trackStarted", e);
        }
      }
    });
  }

  private void evaluateSpeakers() {
    long now = System.nanoTime();
    for (Conversation conv : conversations.values()) {
      conv.speaker.evaluate(now).ifPresent(participant -> {
        for (MediaListener l : listeners) {
          try {
            l.activeSpeakerChanged(conv.id, participant);
          } catch (RuntimeException e) {
            log.warn("listener failed on activeSpeakerChanged", e);
          }
        }
      });
    }
  }

  private Conversation conversation(String id) {
    return conversations.computeIfAbsent(id,
        c -> new Conversation(c, total.conversation(c), new ActiveSpeakerDetector(config.speaker())));
  }

  private PublishedTrack track(String conversationId, String trackId) {
    Conversation conv = conversations.get(conversationId);
    PublishedTrack t = conv == null ? null : conv.tracks.get(trackId);
    if (t == null) {
      throw new IllegalArgumentException("no published track " + trackId + " in conversation " + conversationId);
    }
    return t;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("media plane is closed");
    }
  }

  private static long randomSsrc() {
    return 1 + ThreadLocalRandom.current().nextLong(0xfffffffeL);
  }
}
