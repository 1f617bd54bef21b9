package io.tapline.sfu.forward;

import io.tapline.sfu.speaker.SpeakerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the plain RTP/UDP media plane, with units.
 *
 * @param bindAddress where track ports are bound
 * @param advertisedAddress the address publishers are told to send to (bindAddress when it is a
 *     concrete address)
 * @param minPort lowest RTP port, 0 for the OS's ephemeral ports
 * @param maxPort highest port of the range (ignored when minPort is 0)
 * @param ioThreads I/O threads (selector loops); each track is served by one of them
 * @param tick how often each loop runs its timers (keyframe request merging)
 * @param streamTimeout how long a publisher must be silent before another source address or SSRC
 *     may take its track over (a publisher restart); before that such packets are dropped
 * @param keyframeMinInterval at most one PLI per track per interval; requests in between are
 *     merged into the next one
 * @param packetCacheSize packets kept per track to answer NACKs (rounded up to a power of two)
 * @param socketBufferBytes SO_RCVBUF and SO_SNDBUF of each channel
 * @param speaker active speaker detection
 * @param ioSpin how long an I/O thread keeps polling its sockets after the last datagram before it
 *     blocks in the selector; zero (the default) blocks at once. Saves a thread wake-up per burst
 *     at the price of a core kept busy; only worth it with a core to spare per I/O thread
 * @param simulcast simulcast layer selection and downlink bandwidth estimation (null: defaults)
 * @param rtx retransmissions to WebRTC subscribers (RFC 4588 RTX; null: defaults)
 */
public record MediaPlaneConfig(
    InetAddress bindAddress,
    InetAddress advertisedAddress,
    int minPort,
    int maxPort,
    int ioThreads,
    Duration tick,
    Duration streamTimeout,
    Duration keyframeMinInterval,
    int packetCacheSize,
    int socketBufferBytes,
    SpeakerConfig speaker,
    Duration ioSpin,
    SimulcastConfig simulcast,
    RtxConfig rtx) {

  public MediaPlaneConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(streamTimeout, "streamTimeout");
    Objects.requireNonNull(keyframeMinInterval, "keyframeMinInterval");
    Objects.requireNonNull(speaker, "speaker");
    Objects.requireNonNull(ioSpin, "ioSpin");
    if (ioSpin.isNegative()) {
      throw new IllegalArgumentException("ioSpin must be >= 0: " + ioSpin);
    }
    if (simulcast == null) {
      simulcast = SimulcastConfig.defaults();
    }
    if (rtx == null) {
      rtx = RtxConfig.defaults();
    }
    if (advertisedAddress == null) {
      advertisedAddress = bindAddress;
    }
    if (advertisedAddress.isAnyLocalAddress()) {
      throw new IllegalArgumentException("advertisedAddress must be a concrete address, not " + advertisedAddress);
    }
    if (ioThreads < 1 || packetCacheSize < 16 || socketBufferBytes < 4096) {
      throw new IllegalArgumentException("ioThreads >= 1, packetCacheSize >= 16, socketBufferBytes >= 4096");
    }
  }

  /** Without {@code ioSpin} (zero: I/O threads block as soon as they are idle), default simulcast settings. */
  public MediaPlaneConfig(InetAddress bindAddress, InetAddress advertisedAddress, int minPort, int maxPort,
      int ioThreads, Duration tick, Duration streamTimeout, Duration keyframeMinInterval, int packetCacheSize,
      int socketBufferBytes, SpeakerConfig speaker) {
    this(bindAddress, advertisedAddress, minPort, maxPort, ioThreads, tick, streamTimeout, keyframeMinInterval,
        packetCacheSize, socketBufferBytes, speaker, Duration.ZERO, null, null);
  }

  /** Default RTX settings. */
  public MediaPlaneConfig(InetAddress bindAddress, InetAddress advertisedAddress, int minPort, int maxPort,
      int ioThreads, Duration tick, Duration streamTimeout, Duration keyframeMinInterval, int packetCacheSize,
      int socketBufferBytes, SpeakerConfig speaker, Duration ioSpin, SimulcastConfig simulcast) {
    this(bindAddress, advertisedAddress, minPort, maxPort, ioThreads, tick, streamTimeout, keyframeMinInterval,
        packetCacheSize, socketBufferBytes, speaker, ioSpin, simulcast, null);
  }

  /** Loopback, ephemeral ports, one I/O thread per core (at most 4). */
  public static MediaPlaneConfig defaults() {
    return defaults(InetAddress.getLoopbackAddress());
  }

  public static MediaPlaneConfig defaults(InetAddress bind) {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return new MediaPlaneConfig(
        bind, null, 0, 0, threads, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(300),
        1024, 4 << 20, SpeakerConfig.defaults(), Duration.ZERO, null, null);
  }

  public MediaPlaneConfig withIoThreads(int threads) {
    return new MediaPlaneConfig(bindAddress, advertisedAddress, minPort, maxPort, threads, tick, streamTimeout,
        keyframeMinInterval, packetCacheSize, socketBufferBytes, speaker, ioSpin, simulcast, rtx);
  }

  public MediaPlaneConfig withStreamTimeout(Duration timeout) {
    return new MediaPlaneConfig(bindAddress, advertisedAddress, minPort, maxPort, ioThreads, tick, timeout,
        keyframeMinInterval, packetCacheSize, socketBufferBytes, speaker, ioSpin, simulcast, rtx);
  }

  public MediaPlaneConfig withIoSpin(Duration spin) {
    return new MediaPlaneConfig(bindAddress, advertisedAddress, minPort, maxPort, ioThreads, tick, streamTimeout,
        keyframeMinInterval, packetCacheSize, socketBufferBytes, speaker, spin, simulcast, rtx);
  }

  public MediaPlaneConfig withSimulcast(SimulcastConfig s) {
    return new MediaPlaneConfig(bindAddress, advertisedAddress, minPort, maxPort, ioThreads, tick, streamTimeout,
        keyframeMinInterval, packetCacheSize, socketBufferBytes, speaker, ioSpin, s, rtx);
  }

  public MediaPlaneConfig withSpeaker(SpeakerConfig s) {
    return new MediaPlaneConfig(bindAddress, advertisedAddress, minPort, maxPort, ioThreads, tick, streamTimeout,
        keyframeMinInterval, packetCacheSize, socketBufferBytes, s, ioSpin, simulcast, rtx);
  }

  public MediaPlaneConfig withRtx(RtxConfig r) {
    return new MediaPlaneConfig(bindAddress, advertisedAddress, minPort, maxPort, ioThreads, tick, streamTimeout,
        keyframeMinInterval, packetCacheSize, socketBufferBytes, speaker, ioSpin, simulcast, r);
  }
}
