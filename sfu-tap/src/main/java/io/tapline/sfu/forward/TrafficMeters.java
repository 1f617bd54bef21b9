package io.tapline.sfu.forward;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tapline.pipeline.packet.DropCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Packet, byte and drop counts of one scope (a conversation, or the whole plane), exported to
 * Micrometer as function counters over {@link LongAdder}s so the packet path pays one adder
 * increment per count. Names: {@code tapline.sfu.packets}/{@code tapline.sfu.bytes} with tag
 * {@code direction} (in/out) and {@code tapline.sfu.drops} with tag {@code reason}; a conversation
 * scope adds the tag {@code conversation}, the total scope has the prefix {@code tapline.sfu.total}.
 * Simulcast layer switches (subscribers and the tap) count as {@code tapline.sfu.layer.switches}.
 */
public final class TrafficMeters implements AutoCloseable {
  final LongAdder packetsIn = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder packetsOut = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder layerSwitches = new LongAdder();
  final LongAdder nackReceived = new LongAdder();
  final LongAdder rtxSent = new LongAdder();
  private final DropCounters drops = new DropCounters();
  private final TrafficMeters parent;
  private final MeterRegistry registry;
  private final String prefix;
  private final Tags tags;
  private final Set<String> registeredReasons = ConcurrentHashMap.newKeySet();
  private final List<Meter> meters = new ArrayList<>();

  private TrafficMeters(MeterRegistry registry, String prefix, Tags tags, TrafficMeters parent) {
    this.registry = registry;
    this.prefix = prefix;
    this.tags = tags;
    this.parent = parent;
    counter("packets", "in", packetsIn);
    counter("bytes", "in", bytesIn);
    counter("packets", "out", packetsOut);
    counter("bytes", "out", bytesOut);
    meters.add(FunctionCounter.builder(prefix + ".layer.switches", layerSwitches, LongAdder::sum)
        .tags(tags).register(registry));
    meters.add(FunctionCounter.builder(prefix + ".nack.received", nackReceived, LongAdder::sum)
        .description("sequence numbers subscribers asked for in generic NACKs").tags(tags).register(registry));
    meters.add(FunctionCounter.builder(prefix + ".rtx.sent", rtxSent, LongAdder::sum)
        .description("RTX retransmissions sent to WebRTC subscribers").tags(tags).register(registry));
  }

  public static TrafficMeters total(MeterRegistry registry) {
    return new TrafficMeters(registry, "tapline.sfu.total", Tags.empty(), null);
  }

  public TrafficMeters conversation(String conversationId) {
    return new TrafficMeters(registry, "tapline.sfu", Tags.of("conversation", conversationId), this);
  }

  private void counter(String what, String direction, LongAdder adder) {
    meters.add(FunctionCounter.builder(prefix + "." + what, adder, LongAdder::sum)
        .tags(tags).tag("direction", direction).register(registry));
  }

  public void received(int bytes) {
    packetsIn.increment();
    bytesIn.add(bytes);
    if (parent != null) {
      parent.received(bytes);
    }
  }

  public void sent(int packets, long bytes) {
    packetsOut.add(packets);
    bytesOut.add(bytes);
    if (parent != null) {
      parent.sent(packets, bytes);
    }
  }

  /** A receiver of a simulcast track moved to another layer. */
  public void layerSwitched() {
    layerSwitches.increment();
    if (parent != null) {
      parent.layerSwitched();
    }
  }

  /** A subscriber's NACK asked for {@code sequenceNumbers} packets. */
  public void nackReceived(int sequenceNumbers) {
    nackReceived.add(sequenceNumbers);
    if (parent != null) {
      parent.nackReceived(sequenceNumbers);
    }
  }

  /** One RTX retransmission went out. */
  public void rtxSent() {
    rtxSent.increment();
    if (parent != null) {
      parent.rtxSent();
    }
  }

  public long rtxSentCount() {
    return rtxSent.sum();
  }

  public long nackReceivedCount() {
    return nackReceived.sum();
  }

  public void drop(String reason) {
    drops.count(reason);
    if (registeredReasons.add(reason)) {
      synchronized (meters) {
        meters.add(FunctionCounter.builder(prefix + ".drops", drops, d -> d.get(reason))
            .tags(tags).tag("reason", reason).register(registry));
      }
    }
    if (parent != null) {
      parent.drop(reason);
    }
  }

  public DropCounters drops() {
    return drops;
  }

  public TrafficSnapshot snapshot() {
    return new TrafficSnapshot(packetsIn.sum(), bytesIn.sum(), packetsOut.sum(), bytesOut.sum(), drops.snapshot());
  }

  /** Removes this scope's meters from the registry (a conversation that ended). */
  @Override
  public void close() {
    synchronized (meters) {
      meters.forEach(registry::remove);
      meters.clear();
    }
  }
}
