package io.tapline.pipeline.codec;

import io.tapline.pipeline.packet.MalformedPacketException;
import io.tapline.pipeline.rtp.RtpPacket;
import java.util.Arrays;

/**
 * H.264 access units from RTP (RFC 6184, non-interleaved mode), output in Annex-B form (each NAL
 * unit after a 00 00 00 01 start code). Supported packetizations: single NAL unit packets
 * (section 5.6), STAP-A (5.7.1) and FU-A (5.8):
 *
 * <pre>
 *  NAL unit header / STAP-A and FU indicator    FU header (FU-A)
 *  +---------------+                            +---------------+
 *  |0|1|2|3|4|5|6|7|                            |0|1|2|3|4|5|6|7|
 *  +-+-+-+-+-+-+-+-+                            +-+-+-+-+-+-+-+-+
 *  |F|NRI|  Type   |   1-23 NAL, 24 STAP-A,     |S|E|R|  Type   |
 *  +---------------+   28 FU-A                  +---------------+
 *
 *  STAP-A: | 24 | NALU 1 size (16) | NALU 1 | NALU 2 size (16) | NALU 2 | ...
 * </pre>
 *
 * STAP-B, MTAP16, MTAP24 and FU-B belong to the interleaved mode that WebRTC never negotiates;
 * they are rejected with {@code h264.unsupported}.
 *
 * <p>An access unit is all NAL units of one RTP timestamp, ended by the marker bit. It starts at
 * a packet whose first NAL unit can begin an access unit (ITU-T H.264 section 7.4.1.2.3: an
 * access unit delimiter, SEI, SPS, PPS, or the first slice of a picture, first_mb_in_slice = 0),
 * so after loss a tail of slices is never taken for a picture. It is a keyframe when it holds an
 * IDR slice (type 5). The last SPS and PPS seen (in any access unit, or given by {@link
 * #setParameterSets}, e.g. from SDP sprop-parameter-sets) are kept and put in front of an IDR
 * access unit that lacks them (after its delimiter, if any); an IDR with no parameter set known is
 * dropped as {@code h264.no_parameter_sets}. Only the last SPS and PPS are kept, which covers
 * senders that use one parameter set id (browsers, x264, OpenH264). An access unit holding only
 * parameter sets or SEI is remembered, not emitted. Width and height come from the SPS.
 */
public final class H264Depacketizer extends AssemblingDepacketizer {
  private static final byte[] START_CODE = {0, 0, 0, 1};
  private static final int STAP_A = 24;
  private static final int FU_A = 28;
  private static final int SLICE = 1;
  private static final int IDR = 5;
  private static final int SEI = 6;
  private static final int SPS = 7;
  private static final int PPS = 8;
  private static final int AUD = 9;
  private static final int MAX_NALS = 1024;

  private byte[] sps;
  private byte[] pps;
  private H264Sps spsInfo;

  // NAL units of the access unit in progress: start (after its start code) and type
  private int[] nalStart = new int[16];
  private int[] nalType = new int[16];
  private int nalCount;
  private boolean fuOpen;
  private int fuType;

  public H264Depacketizer() {
    super("H264");
  }

  /**
   * Sets the parameter sets to use until the stream sends its own (SDP sprop-parameter-sets,
   * RFC 6184 section 8.1, base64-decoded); each NAL unit without start code.
   */
  public void setParameterSets(byte[] spsNal, byte[] ppsNal) throws MalformedPacketException {
    H264Sps parsed = H264SpsParser.parse(spsNal, 0, spsNal.length);
    if (ppsNal.length < 2 || (ppsNal[0] & 0x1f) != PPS) {
      throw new MalformedPacketException("h264.pps_type", "not a PPS NAL unit");
    }
    sps = spsNal.clone();
    spsInfo = parsed;
    pps = ppsNal.clone();
  }

  /** The SPS in use, or null before one was seen. */
  public H264Sps sps() {
    return spsInfo;
  }

  /**
   * Whether the packet starts an IDR access unit: it carries an SPS, or the first slice of an IDR
   * picture. False for malformed or unsupported packets.
   */
  public static boolean isKeyframeStart(RtpPacket packet) {
    byte[] b = packet.buffer();
    int pos = packet.payloadOffset();
    int end = pos + packet.payloadLength();
    if (pos >= end) {
      return false;
    }
    int type = b[pos] & 0x1f;
    if (type == STAP_A) {
      for (pos++; pos + 2 < end; ) {
        int size = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        if (size == 0 || size > end - pos) {
          return false;
        }
        if (isKeyStartNal(b, pos, size)) {
          return true;
        }
        pos += size;
      }
      return false;
    }
    if (type == FU_A) {
      if (end - pos < 3 || (b[pos + 1] & 0x80) == 0) {
        return false;
      }
      return (b[pos + 1] & 0x1f) == SPS || ((b[pos + 1] & 0x1f) == IDR && (b[pos + 2] & 0x80) != 0);
    }
    return type < STAP_A && isKeyStartNal(b, pos, end - pos);
  }

  private static boolean isKeyStartNal(byte[] b, int pos, int size) {
    int type = b[pos] & 0x1f;
    return type == SPS || (type == IDR && size > 1 && firstMbIsZero(b[pos + 1]));
  }

  /** first_mb_in_slice, the first ue(v) of a slice header, is 0 exactly when its first bit is 1. */
  private static boolean firstMbIsZero(byte firstSliceByte) {
    return (firstSliceByte & 0x80) != 0;
  }

  /** Whether a NAL unit (type and first byte after its header) can open an access unit. */
  private static boolean opensAccessUnit(int type, int sliceByte) {
    return switch (type) {
      case SLICE, IDR -> sliceByte >= 0 && (sliceByte & 0x80) != 0;
      case SEI, SPS, PPS, AUD, 14, 15, 16, 17, 18 -> true;
      default -> false;
    };
  }

  @Override
  protected boolean parse(RtpPacket packet, boolean newTimestamp) throws MalformedPacketException {
    byte[] b = packet.buffer();
    int pos = packet.payloadOffset();
    int end = pos + packet.payloadLength();
    int type = b[pos] & 0x1f;
    switch (type) {
      case STAP_A -> {
        if (end - pos < 4) {
          throw new MalformedPacketException("h264.stap_truncated", "STAP-A without a NAL unit");
        }
        int size = ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
        if (size == 0 || size > end - pos - 3) {
          throw new MalformedPacketException("h264.stap_truncated", "NAL unit of " + size + " bytes");
        }
        return newTimestamp && opensAccessUnit(b[pos + 3] & 0x1f, size > 1 ? b[pos + 4] & 0xff : -1);
      }
      case FU_A -> {
        if (end - pos < 3) {
          throw new MalformedPacketException("h264.fu_truncated", "FU-A of " + (end - pos) + " bytes");
        }
        int header = b[pos + 1] & 0xff;
        if ((header & 0xc0) == 0xc0) {
          throw new MalformedPacketException("h264.fu_flags", "FU-A with both S and E set");
        }
        return newTimestamp && (header & 0x80) != 0 && opensAccessUnit(header & 0x1f, b[pos + 2] & 0xff);
      }
      case 25, 26, 27, 29 -> throw new MalformedPacketException(
          "h264.unsupported", new String[] {"STAP-B", "MTAP16", "MTAP24", "", "FU-B"}[type - 25]
              + " (interleaved mode) is not supported");
      case 0, 30, 31 -> throw new MalformedPacketException("h264.nal_type", "NAL unit type " + type);
      default -> {
        return newTimestamp && opensAccessUnit(type, end - pos > 1 ? b[pos + 1] & 0xff : -1);
      }
    }
  }

  @Override
  protected void beginFrame() {
    nalCount = 0;
    fuOpen = false;
  }

  @Override
  protected void resetCodec() {
    sps = null;
    pps = null;
    spsInfo = null;
  }

  @Override
  protected void append(RtpPacket packet) throws MalformedPacketException {
    byte[] b = packet.buffer();
    int pos = packet.payloadOffset();
    int end = pos + packet.payloadLength();
    int type = b[pos] & 0x1f;
    if (type != FU_A && fuOpen) {
      throw new MalformedPacketException("h264.fu_unterminated", "FU-A without E=1 before a new NAL unit");
    }
    if (type == STAP_A) {
      for (pos++; pos < end; ) {
        if (end - pos < 2) {
          throw new MalformedPacketException("h264.stap_truncated", "size field cut");
        }
        int size = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        if (size == 0 || size > end - pos) {
          throw new MalformedPacketException("h264.stap_truncated", "NAL unit of " + size + " bytes, " + (end - pos) + " left");
        }
        addNal(b, pos, size);
        pos += size;
      }
    } else if (type == FU_A) {
      int header = b[pos + 1] & 0xff;
      int inner = header & 0x1f;
      if ((header & 0x80) != 0) {
        if (fuOpen) {
          throw new MalformedPacketException("h264.fu_unterminated", "FU-A start before the previous one ended");
        }
        startNal((b[pos] & 0xe0) | inner);
        fuOpen = true;
        fuType = inner;
      } else if (!fuOpen || inner != fuType) {
        throw new MalformedPacketException("h264.fu_no_start", "FU-A fragment without its start");
      }
      buffer.append(b, pos + 2, end - pos - 2);
      if ((header & 0x40) != 0) {
        fuOpen = false;
      }
    } else {
      addNal(b, pos, end - pos);
    }
  }

  private void addNal(byte[] b, int pos, int size) throws MalformedPacketException {
    startNal(b[pos] & 0xff);
    buffer.append(b, pos + 1, size - 1);
  }

  private void startNal(int header) throws MalformedPacketException {
    int type = header & 0x1f;
    if (type == 0 || type >= STAP_A) {
      throw new MalformedPacketException("h264.nal_type", "NAL unit type " + type + " inside an aggregate");
    }
    if (nalCount == MAX_NALS) {
      throw new MalformedPacketException("h264.too_many_nals", "more than " + MAX_NALS + " NAL units");
    }
    if (nalCount == nalStart.length) {
      nalStart = Arrays.copyOf(nalStart, nalCount * 2);
      nalType = Arrays.copyOf(nalType, nalCount * 2);
    }
    buffer.append(START_CODE, 0, START_CODE.length);
    nalStart[nalCount] = buffer.size();
    nalType[nalCount] = type;
    nalCount++;
    buffer.append(header);
  }

  @Override
  protected Frame build(long timestamp, int firstSequence, int lastSequence, long arrival)
      throws MalformedPacketException {
    if (fuOpen) {
      throw new MalformedPacketException("h264.fu_unterminated", "access unit ended inside an FU-A");
    }
    boolean idr = false;
    boolean picture = false;
    boolean hasSps = false;
    boolean hasPps = false;
    for (int i = 0; i < nalCount; i++) {
      int start = nalStart[i];
      int size = nalEnd(i) - start;
      switch (nalType[i]) {
        case IDR -> {
          idr = true;
          picture = true;
        }
        case SLICE, 2, 3, 4 -> picture = true;
        case SPS -> {
          H264Sps parsed = H264SpsParser.parse(buffer.array(), start, size);
          sps = Arrays.copyOfRange(buffer.array(), start, start + size);
          spsInfo = parsed;
          hasSps = true;
        }
        case PPS -> {
          pps = Arrays.copyOfRange(buffer.array(), start, start + size);
          hasPps = true;
        }
        default -> { }
      }
    }
    if (!picture) {
      return null;
    }
    byte[] data;
    if (idr && (!hasSps || !hasPps)) {
      if (sps == null || pps == null) {
        throw new MalformedPacketException("h264.no_parameter_sets", "IDR access unit before any SPS/PPS");
      }
      data = withParameterSets(hasSps, hasPps);
    } else {
      data = buffer.toByteArray();
    }
    int width = spsInfo == null ? 0 : spsInfo.width();
    int height = spsInfo == null ? 0 : spsInfo.height();
    return new Frame(data, timestamp, firstSequence, lastSequence, idr, width, height, arrival, 0, false);
  }

  private int nalEnd(int i) {
    return i + 1 < nalCount ? nalStart[i + 1] - START_CODE.length : buffer.size();
  }

  /** The access unit with the stored SPS/PPS it lacks, after an access unit delimiter if any. */
  private byte[] withParameterSets(boolean hasSps, boolean hasPps) {
    int insertAt = nalCount > 0 && nalType[0] == AUD ? nalEnd(0) : 0;
    int extra = (hasSps ? 0 : START_CODE.length + sps.length) + (hasPps ? 0 : START_CODE.length + pps.length);
    byte[] out = new byte[buffer.size() + extra];
    byte[] src = buffer.array();
    System.arraycopy(src, 0, out, 0, insertAt);
    int pos = insertAt;
    if (!hasSps) {
      pos = put(out, pos, START_CODE);
      pos = put(out, pos, sps);
    }
    if (!hasPps) {
      pos = put(out, pos, START_CODE);
      pos = put(out, pos, pps);
    }
    System.arraycopy(src, insertAt, out, pos, buffer.size() - insertAt);
    return out;
  }

  private static int put(byte[] dst, int pos, byte[] src) {
    System.arraycopy(src, 0, dst, pos, src.length);
    return pos + src.length;
  }
}
