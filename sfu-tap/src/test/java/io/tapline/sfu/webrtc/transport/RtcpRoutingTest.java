package io.tapline.sfu.webrtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tapline.pipeline.rtcp.FullIntraRequest;
import io.tapline.pipeline.rtcp.GenericNack;
import io.tapline.pipeline.rtcp.PictureLossIndication;
import io.tapline.pipeline.rtcp.SdesChunk;
import io.tapline.pipeline.rtcp.SdesItem;
import io.tapline.pipeline.rtcp.SenderReport;
import io.tapline.pipeline.rtcp.SourceDescription;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpRoutingTest {
  @Test
  void splitsACompoundAndNamesTheOwnerOfEachPacket() {
    byte[] b = new byte[1500];
    int n = new SenderReport(0x1001, 0, 0, 10, 1000, List.of()).writeTo(b, 0);
    n += new SourceDescription(List.of(new SdesChunk(0x1001, List.of(new SdesItem(SdesItem.CNAME, "x".getBytes())))))
        .writeTo(b, n);
    n += new PictureLossIndication(0x1001, 0x2002).writeTo(b, n);
    n += new FullIntraRequest(0x1001, 0, List.of(new FullIntraRequest.Entry(0x3003, 1))).writeTo(b, n);
    n += new GenericNack(0x1001, 0x4004, List.of(5, 6)).writeTo(b, n);

    List<String> seen = new ArrayList<>();
    for (int off = 0; off < n; ) {
      int len = RtcpRouting.packetLength(b, off, n);
      RtcpRouting.Target t = RtcpRouting.target(b, off, len);
      seen.add(t + (t == RtcpRouting.Target.NONE ? "" : ":" + Long.toHexString(RtcpRouting.ssrc(b, off, len))));
      off += len;
    }
    assertEquals(List.of("INBOUND:1001", "NONE", "FEEDBACK:2002", "FEEDBACK:3003", "FEEDBACK:4004"), seen);
  }

  @Test
  void refusesTruncatedAndNonRtcpHeaders() {
    byte[] b = new byte[64];
    int n = new PictureLossIndication(1, 2).writeTo(b, 0);
    assertEquals(-1, RtcpRouting.packetLength(b, 0, n - 1), "length field beyond the datagram");
    assertEquals(-1, RtcpRouting.packetLength(b, 0, 3), "shorter than a header");
    b[1] = 96; // an RTP payload type
    assertEquals(-1, RtcpRouting.packetLength(b, 0, n));
    b[1] = (byte) 206;
    b[0] = 0x41; // version 1
    assertEquals(-1, RtcpRouting.packetLength(b, 0, n));
  }

  @Test
  void rembAndTransportCcAreTerminated() {
    byte[] remb = {(byte) 0x8f, (byte) 206, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 'R', 'E', 'M', 'B', 1, 0, 0, 0, 0, 0, 0, 2};
    assertEquals(RtcpRouting.Target.NONE, RtcpRouting.target(remb, 0, remb.length));
    byte[] twcc = {(byte) 0x8f, (byte) 205, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};
    assertEquals(RtcpRouting.Target.NONE, RtcpRouting.target(twcc, 0, twcc.length));
  }
}
