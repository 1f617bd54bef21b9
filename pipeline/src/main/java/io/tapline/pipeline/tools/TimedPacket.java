package io.tapline.pipeline.tools;

import io.tapline.pipeline.manifest.ClockSample;
import io.tapline.pipeline.segment.RecordType;

/**
 * A packet of the synthetic demo stream with the time it "arrives" at the tap.
 *
 * @param keyframeStart for video RTP, whether the packet starts a keyframe
 * @param clock for a sender report, the NTP/RTP pair it carries; otherwise null
 */
record TimedPacket(RecordType type, long arrivalMicros, byte[] data, boolean keyframeStart, ClockSample clock) {}
