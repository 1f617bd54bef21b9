package io.tapline.sfu.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.pipeline.packet.MalformedPacketException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SdpParserTest {
  @Test
  void parsesChromeOfferIntoTypedModel() throws Exception {
    SessionDescription sd = SdpParser.parse(BrowserOffers.CHROME);
    assertEquals(Optional.of(List.of("0", "1", "2", "3")), sd.attributes().bundle());
    assertTrue(sd.attributes().has("extmap-allow-mixed"));
    assertEquals(4, sd.media().size());

    MediaDescription audio = sd.media().get(0);
    Attributes a = audio.attributes();
    assertEquals("audio", audio.media());
    assertEquals(53421, audio.port());
    assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), audio.payloadTypes());
    assertEquals(Optional.of("0"), a.mid());
    assertEquals(Optional.of(Direction.SENDRECV), a.direction());
    assertTrue(a.has("rtcp-mux"));
    assertEquals(Optional.of("K9bX"), a.iceUfrag());
    assertEquals(Optional.of(Setup.ACTPASS), a.setup());
    assertTrue(a.fingerprints().get(0).isSha256());
    assertEquals(new RtpMap(111, "opus", 48000, 2), a.rtpMap(111).get());
    assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), a.fmtp(111).get().parameters());
    assertEquals(List.of(new RtcpFeedback(111, "transport-cc")), a.rtcpFeedback(111));
    assertEquals(new Extmap(1, null, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null),
        a.extmaps().get(0));
    assertEquals(new SsrcAttribute(3735928559L, "cname", "Yq3rVbN1h2kLrQ9x"), a.ssrcs().get(0));
    assertEquals(1, a.candidates().size());

    Attributes camera = sd.media().get(1).attributes();
    assertEquals(Optional.of(Direction.SENDONLY), camera.direction());
    assertEquals(13, camera.extmaps().size());
    assertEquals(List.of(List.of("q"), List.of("h"), List.of("f")),
        camera.simulcast().get().send());
    assertEquals(List.of(new Rid("q", "send", null), new Rid("h", "send", null),
        new Rid("f", "send", null)), camera.rids());
    assertEquals(Optional.of("64001f"),
        camera.fmtp(112).get().parameter("profile-level-id"));
    assertEquals(5, camera.rtcpFeedback(96).size());

    Attributes screen = sd.media().get(2).attributes();
    assertEquals(List.of(new SsrcGroup("FID", List.of(2882400001L, 2882400002L))),
        screen.ssrcGroups());
    assertTrue(screen.msid().get().startsWith("4c1e7b3a"));

    MediaDescription data = sd.media().get(3);
    assertEquals("UDP/DTLS/SCTP", data.proto());
    assertEquals(List.of("webrtc-datachannel"), data.formats());
    assertEquals(List.of(), data.payloadTypes());
  }

  @Test
  void parsesFirefoxOfferWithSessionLevelFingerprintAndExtmapDirection() throws Exception {
    SessionDescription sd = SdpParser.parse(BrowserOffers.FIREFOX);
    assertTrue(sd.attributes().fingerprints().get(0).isSha256());
    assertTrue(sd.media().get(0).attributes().fingerprints().isEmpty());
    assertEquals(new Extmap(2, "recvonly", "urn:ietf:params:rtp-hdrext:csrc-audio-level", null),
        sd.media().get(0).attributes().extmaps().get(1));
    assertEquals(new RtpMap(9, "G722", 8000, 1), sd.media().get(0).attributes().rtpMap(9).get());
    assertEquals(Optional.of("120"),
        sd.media().get(1).attributes().fmtp(124).get().parameter("apt"));
  }

  @Test
  void writeThenParseGivesTheSameModelAndTheSameText() throws Exception {
    for (String offer : List.of(BrowserOffers.CHROME, BrowserOffers.FIREFOX)) {
      SessionDescription sd = SdpParser.parse(offer);
      String written = SdpWriter.write(sd);
      assertEquals(offer, written); // browsers' CRLF offers survive unchanged
      assertEquals(sd, SdpParser.parse(written));
    }
  }

  @Test
  void acceptsBareLineFeeds() throws Exception {
    SessionDescription lf = SdpParser.parse(BrowserOffers.CHROME.replace("\r\n", "\n"));
    assertEquals(SdpParser.parse(BrowserOffers.CHROME), lf);
  }

  @Test
  void refusesBadLinesWithTypedReasons() {
    String ok = BrowserOffers.CHROME;
    assertEquals("sdp.version", reason(ok.replace("v=0", "v=1")));
    assertEquals("sdp.origin", reason(ok.replace("o=- 4611731400430051336 2 IN IP4 127.0.0.1",
        "o=- 1 2 IN")));
    assertEquals("sdp.line", reason(ok.replace("a=rtcp-rsize\r\n", "rtcp-rsize\r\n")));
    assertEquals("sdp.line", reason(ok.replace("a=rtcp-rsize\r\n", "\r\n")));
    assertEquals("sdp.timing", reason(ok.replace("t=0 0\r\n", "")));
    assertEquals("sdp.order", reason(ok.replace("a=rtcp-rsize\r\n", "v=0\r\n")));
    assertEquals("sdp.rtpmap", reason(ok.replace("a=rtpmap:111 opus/48000/2",
        "a=rtpmap:111 opus")));
    assertEquals("sdp.rtpmap", reason(ok.replace("a=rtpmap:111 opus/48000/2",
        "a=rtpmap:128 opus/48000/2")));
    assertEquals("sdp.media", reason(ok.replace("m=audio 53421", "m=audio 70000")));
    assertEquals("sdp.media", reason(ok.replace("SAVPF 111 63", "SAVPF x 63")));
    assertEquals("sdp.extmap", reason(ok.replace("a=extmap:14 ", "a=extmap:256 ")));
    assertEquals("sdp.fingerprint", reason(ok.replace(":19:08", ":19:0")));
    assertEquals("sdp.setup", reason(ok.replace("a=setup:actpass", "a=setup:sometimes")));
    assertEquals("sdp.ssrc",
        reason(ok.replace("a=ssrc:3735928559 cname", "a=ssrc:4294967296 cname")));
    assertEquals("sdp.ssrc-group", reason(ok.replace("FID 2882400001", "FID x")));
    assertEquals("sdp.simulcast", reason(ok.replace("send q;h;f", "send q;;f")));
    assertEquals("sdp.rid", reason(ok.replace("a=rid:q send", "a=rid:q sideways")));
    assertEquals("sdp.direction", reason(ok.replace("a=sendonly", "a=sendonly:yes")));
    assertEquals("sdp.ice-ufrag", reason(ok.replace("a=ice-ufrag:K9bX", "a=ice-ufrag:K9 X")));
    assertEquals("sdp.attribute", reason(ok.replace("a=rtcp-rsize", "a=rtcp rsize:1")));
    assertEquals("sdp.too-long", reason(ok + "a=x\r\n".repeat(60_000)));
    assertEquals("sdp.truncated", reason("v=0\r\n"));
  }

  @Test
  void keepsUnknownAttributesVerbatim() throws Exception {
    String offer = BrowserOffers.FIREFOX.replace("a=rtcp-rsize\r\n",
        "a=rtcp-rsize\r\na=x-future-thing:1 2 3\r\n");
    SessionDescription sd = SdpParser.parse(offer);
    assertEquals(Optional.of("1 2 3"), sd.media().get(1).attributes().value("x-future-thing"));
    assertEquals(offer, SdpWriter.write(sd));
    assertFalse(sd.media().get(0).attributes().has("x-future-thing"));
  }

  private static String reason(String sdp) {
    return assertThrows(MalformedPacketException.class, () -> SdpParser.parse(sdp)).reason();
  }
}
