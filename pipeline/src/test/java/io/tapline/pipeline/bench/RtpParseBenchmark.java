package io.tapline.pipeline.bench;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import io.tapline.pipeline.rtp.RtpPacketWriter;
import io.tapline.pipeline.rtp.ext.AudioLevel;
import io.tapline.pipeline.rtp.ext.HeaderExtensions;
import io.tapline.pipeline.rtp.ext.TransportSequenceNumber;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the forwarding path does for every audio packet: parse the RTP header, find the RFC 6464
 * audio level and the transport-wide sequence number. The packet is the layout GStreamer sends
 * (rtp-ext-opus.pcap): 12-byte header, one-byte extension block with audio level (id 1) and
 * transport-cc (id 3), 80 bytes of Opus payload.
 *
 * <p>{@link #byteBufferFixedHeader} is the baseline: reading only the fixed header fields (PT, seq,
 * timestamp, SSRC) with {@link ByteBuffer} getters, no validation and no extensions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A small pre-touched heap: with the default heap (1/4 of RAM) a 7-second fork never collects,
// so every allocation lands on fresh pages and the run measures page faults, not parsing.
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class RtpParseBenchmark {
  private byte[] packet;
  private ByteBuffer buffer;

  @Setup
  public void setUp() {
    packet = new RtpPacketWriter().payloadType(96).sequenceNumber(15070).timestamp(3_957_843_744L)
        .ssrc(0xbee747a0L).addExtension(new AudioLevel(false, 13).toExtension(1))
        .addExtension(TransportSequenceNumber.toExtension(3, 15070)).payload(new byte[80]).toBytes();
    buffer = ByteBuffer.wrap(packet);
  }

  @Benchmark
  public long parseWithAudioLevelAndTransportCc() throws MalformedPacketException {
    RtpPacket p = RtpPacket.parse(packet);
    HeaderExtensions ext = p.headerExtensions();
    int level = ext.find(1);
    int levelByte = level < 0 ? -1 : ext.buffer()[ext.offset(level)] & 0x7f;
    int twcc = TransportSequenceNumber.find(ext, 3);
    return p.payloadType() + p.sequenceNumber() + p.timestamp() + p.ssrc() + levelByte + twcc;
  }

  @Benchmark
  public long parseWithTypedAudioLevelRecord() throws MalformedPacketException {
    RtpPacket p = RtpPacket.parse(packet);
    HeaderExtensions ext = p.headerExtensions();
    AudioLevel level = AudioLevel.find(ext, 1);
    int twcc = TransportSequenceNumber.find(ext, 3);
    return p.payloadType() + p.sequenceNumber() + p.timestamp() + p.ssrc() + level.level() + twcc;
  }

  @Benchmark
  public long byteBufferFixedHeader() {
    ByteBuffer b = buffer;
    return (b.get(1) & 0x7f) + (b.getShort(2) & 0xffff) + (b.getInt(4) & 0xffffffffL) + (b.getInt(8) & 0xffffffffL);
  }
}
