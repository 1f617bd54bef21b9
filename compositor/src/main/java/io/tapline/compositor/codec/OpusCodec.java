package io.tapline.compositor.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;

import io.tapline.compositor.track.OrderedPacket;
import io.tapline.compositor.track.SkipLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Opus over RTP (RFC 7587): one Opus packet per RTP payload, timestamps at 48 kHz. DTX leaves
 * timestamp gaps with no sequence gap; both are kept as time, never squeezed.
 */
public final class OpusCodec implements RtpCodec {

  @Override
  public String name() {
    return "opus";
  }

  @Override
  public boolean isVideo() {
    return false;
  }

  @Override
  public int ffmpegCodecId() {
    return AV_CODEC_ID_OPUS;
  }

  @Override
  public String exportFormat() {
    return "ogg";
  }

  @Override
  public String exportExtension() {
    return "ogg";
  }

  @Override
  public List<EncodedFrame> assemble(String trackId, List<OrderedPacket> packets, SkipLog skips) {
    List<EncodedFrame> out = new ArrayList<>(packets.size());
    long empty = 0;
    for (OrderedPacket p : packets) {
      int len = p.packet().payloadLength();
      if (len <= 0) {
        empty++;
        continue;
      }
      byte[] data = new byte[len];
      System.arraycopy(p.packet().buffer(), p.packet().payloadOffset(), data, 0, len);
      out.add(new EncodedFrame(p.timestamp(), p.arrivalMicros(), data, true, 0, 0));
    }
    skips.add(trackId, "audio.empty_payload", empty, "RTP packets without an Opus packet");
    return out;
  }

  /** Samples (at 48 kHz) in an Opus packet, from its TOC byte (RFC 6716 section 3.1), or 960 if unknown. */
  public static int samplesPerPacket(byte[] packet) {
    if (packet.length == 0) {
      return 960;
    }
    int toc = packet[0] & 0xff;
    int config = toc >> 3;
    int frameSamples;
    if (config < 12) {
      frameSamples = new int[] {480, 960, 1920, 2880}[config & 3];
    } else if (config < 16) {
      frameSamples = (config & 1) == 0 ? 480 : 960;
    } else {
      frameSamples = new int[] {120, 240, 480, 960}[config & 3];
    }
    int frames = switch (toc & 3) {
      case 0 -> 1;
      case 1, 2 -> 2;
      default -> packet.length > 1 ? packet[1] & 0x3f : 1;
    };
    return frameSamples * Math.max(frames, 1);
  }
}
