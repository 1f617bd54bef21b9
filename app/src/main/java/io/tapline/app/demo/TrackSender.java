package io.tapline.app.demo;

import io.tapline.pipeline.rtcp.Bye;
import io.tapline.pipeline.rtcp.RtcpCompound;
import io.tapline.pipeline.rtp.RtpSenderStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one track as a live plain-RTP sender does: on its own thread, frame {@code i} is encoded
 * and sent at {@code start + i * period} of the participant's clock (late frames go out at once,
 * nothing is skipped), RTP from one socket, an RTCP sender report with SDES every second from
 * another (RFC 3550 section 6.2 lets a small session report that often), and a BYE at the end.
 */
abstract class TrackSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrackSender.class);
  private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Frames a sender may fall behind its clock before it skips ahead. */
  private static final int MAX_LAG_FRAMES = 3;

  /** The participant's capture clock: one base for all its tracks, so they stay in sync. */
  record Clock(long baseNanos, long baseWallMicros) {
    static Clock now() {
      return new Clock(System.nanoTime(), System.currentTimeMillis() * 1000L);
    }
  }

  final String trackId;
  final RtpSenderStream stream;
  final DatagramChannel rtp;
  final DatagramChannel rtcp;
  private final InetSocketAddress rtpTo;
  private final InetSocketAddress rtcpTo;
  private final AtomicLong packetsSent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicLong framesSkipped = new AtomicLong();
  private volatile boolean running;
  private Thread thread;
  private Clock clock;
  private long lastReportNanos;
  private volatile String lastSendError;

  TrackSender(String trackId, RtpSenderStream stream, DatagramChannel rtp, DatagramChannel rtcp,
      InetSocketAddress rtpTo, InetSocketAddress rtcpTo) {
    this.trackId = trackId;
    this.stream = stream;
    this.rtp = rtp;
    this.rtcp = rtcp;
    this.rtpTo = rtpTo;
    this.rtcpTo = rtcpTo;
  }

  /** Time between frames. */
  abstract long periodNanos();

  /** Encodes frame {@code index} and returns its RTP packets. */
  abstract List<byte[]> frame(long index) throws IOException;

  /** The next {@link #frame} call is for frame {@code index}, later than the one before: skip to it. */
  abstract void skipTo(long index);

  /** Frees the encoder (sender thread stopped). */
  abstract void closeEncoder();

  void start(Clock c) {
    clock = c;
    running = true;
    thread = new Thread(this::run, "demo-send-" + trackId);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long period = periodNanos();
    lastReportNanos = clock.baseNanos() - REPORT_INTERVAL_NANOS; // the first frame goes with a report
    try {
      for (long index = 0; running; index++) {
        long due = clock.baseNanos() + index * period;
        long wait;
        while (running && (wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        if (!running) {
          break;
        }
        long behind = System.nanoTime() - due;
        if (behind > MAX_LAG_FRAMES * period) {
          // starved of CPU: a live source does not wait for its encoder, media time follows the clock
          long now = (System.nanoTime() - clock.baseNanos()) / period;
          framesSkipped.addAndGet(now - index);
          index = now;
          skipTo(index);
        }
        for (byte[] packet : frame(index)) {
          send(rtp, packet, rtpTo);
        }
        long now = System.nanoTime();
        if (now - lastReportNanos >= REPORT_INTERVAL_NANOS) {
          send(rtcp, senderReport(now), rtcpTo);
          lastReportNanos = now;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.error("Track {} stopped sending: {}", trackId, e.toString(), e);
    }
  }

  private byte[] senderReport(long nowNanos) {
    long elapsed = nowNanos - clock.baseNanos();
    long ticks = elapsed / 1000 * stream.clockRate() / 1_000_000L;
    return stream.senderReport(clock.baseWallMicros() + elapsed / 1000, ticks);
  }

  private void send(DatagramChannel ch, byte[] packet, InetSocketAddress to) {
    try {
      ch.send(ByteBuffer.wrap(packet), to);
      packetsSent.incrementAndGet();
    } catch (IOException e) {
      sendErrors.incrementAndGet();
      lastSendError = e.toString();
      log.debug("send to {} failed", to, e);
    }
  }

  long framesSkipped() {
    return framesSkipped.get();
  }

  long packetsSent() {
    return packetsSent.get();
  }

  /** Stops the thread, sends a last sender report with a BYE (RFC 3550 section 6.6), frees the encoder. */
  @Override
  public void close() {
    boolean wasRunning = running;
    running = false;
    if (thread != null) {
      // unpark, not interrupt: an interrupt during a send would close the channel (NIO)
      LockSupport.unpark(thread);
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (wasRunning && rtcp.isOpen()) {
      byte[] sr = senderReport(System.nanoTime());
      byte[] bye = RtcpCompound.toBytes(List.of(Bye.of(List.of(stream.ssrc()), "left")));
      byte[] compound = new byte[sr.length + bye.length];
      System.arraycopy(sr, 0, compound, 0, sr.length);
      System.arraycopy(bye, 0, compound, sr.length, bye.length);
      send(rtcp, compound, rtcpTo);
    }
    if (framesSkipped.get() > 0) {
      log.warn("Track {}: fell behind its clock and skipped {} frames (the machine is short of CPU)", trackId,
          framesSkipped.get());
    }
    if (sendErrors.get() > 0) {
      log.warn("Track {}: {} packets could not be sent (last: {})", trackId, sendErrors.get(), lastSendError);
    }
    closeEncoder();
  }
}
