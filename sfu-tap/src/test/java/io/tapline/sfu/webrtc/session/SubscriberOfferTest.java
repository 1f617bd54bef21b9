package io.tapline.sfu.webrtc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.sfu.media.TrackSpec;
import io.tapline.sfu.testing.Specs;
import io.tapline.sfu.webrtc.ice.HostCandidates;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.sdp.Direction;
import io.tapline.sfu.webrtc.sdp.MediaDescription;
import io.tapline.sfu.webrtc.sdp.SdpParser;
import io.tapline.sfu.webrtc.sdp.SessionDescription;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SubscriberOfferTest {
  private static final IceCredentials ICE = new IceCredentials("abcd1234", "0123456789abcdefghijklmn");
  private static final String FINGERPRINT = "sha-256 " + "AB:".repeat(31) + "AB";

  @Test
  void offersEachTrackSendonlyInOneBundleAndParsesBack() throws Exception {
    TrackSpec audio = Specs.audio("c", "alice", "alice-mic");
    TrackSpec video = new TrackSpec("c", "bob", "Bob", "bob-cam", "video", "camera", "VP8", 96, 90000, null, null,
        Map.of(4, "urn:ietf:params:rtp-hdrext:sdes:mid",
            2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"), 5L);
    String sdp = SubscriberOffer.write(42, 3, ICE, FINGERPRINT,
        new HostCandidates(List.of(InetAddress.getLoopbackAddress()), 40000, OptionalInt.empty()).candidates(),
        List.of(new SubscriberOffer.Section("0", audio, 1111, true),
            new SubscriberOffer.Section("1", video, 2222, true),
            new SubscriberOffer.Section("2", video, 3333, false)));

    SessionDescription sd = SdpParser.parse(sdp);
    assertTrue(sd.attributes().has("ice-lite"));
    assertEquals(List.of("0", "1", "2"), sd.attributes().bundle().orElseThrow());
    assertEquals("- 42 3 IN IP4 127.0.0.1", sd.origin());
    MediaDescription a = sd.media().get(0);
    assertEquals("audio", a.media());
    assertEquals(40000, a.port());
    assertEquals(List.of(111), a.payloadTypes());
    assertEquals(Direction.SENDONLY, a.attributes().direction().orElseThrow());
    assertEquals(1111, a.attributes().ssrcs().get(0).ssrc());
    assertEquals("opus", a.attributes().rtpMap(111).orElseThrow().encoding());
    assertEquals(2, a.attributes().rtpMap(111).orElseThrow().channels());
    assertEquals("actpass", a.attributes().value("setup").orElseThrow());
    assertEquals(ICE.ufrag(), a.attributes().iceUfrag().orElseThrow());
    assertEquals(1, a.attributes().candidates().size());
    MediaDescription v = sd.media().get(1);
    assertEquals("bob bob-cam", v.attributes().msid().orElseThrow());
    // the publisher's mid extension must not be declared: forwarded packets carry the publisher's mids
    assertEquals(List.of("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
        v.attributes().extmaps().stream().map(e -> e.uri()).toList());
    assertEquals(3, v.attributes().rtcpFeedback(96).size());
    assertTrue(v.attributes().rtcpFeedback(96).stream().anyMatch(f -> f.toString().contains("goog-remb")),
        "REMB (with abs-send-time) drives the subscriber's layer");
    MediaDescription gone = sd.media().get(2);
    assertEquals(Direction.INACTIVE, gone.attributes().direction().orElseThrow());
    assertTrue(gone.attributes().ssrcs().isEmpty());
    assertFalse(gone.isRejected(), "a gone track keeps its port: BUNDLE stays on the first mid");
  }

  @Test
  void aVideoSectionWithRtxOffersNackAnRtxPayloadTypeAndAFidGroup() throws Exception {
    TrackSpec audio = Specs.audio("c", "alice", "alice-mic");
    TrackSpec video = new TrackSpec("c", "bob", "Bob", "bob-cam", "video", "camera", "VP8", 96, 90000, null, null,
        Map.of(), 5L);
    String sdp = SubscriberOffer.write(42, 3, ICE, FINGERPRINT,
        new HostCandidates(List.of(InetAddress.getLoopbackAddress()), 40000, OptionalInt.empty()).candidates(),
        List.of(new SubscriberOffer.Section("0", audio, 1111, true, null),
            new SubscriberOffer.Section("1", video, 2222, true, new io.tapline.sfu.media.SubscribeOptions.Rtx(4444, 63)),
            new SubscriberOffer.Section("2", video, 3333, false, new io.tapline.sfu.media.SubscribeOptions.Rtx(5555, 63))));

    SessionDescription sd = SdpParser.parse(sdp);
    MediaDescription v = sd.media().get(1);
    assertEquals(List.of(96, 63), v.payloadTypes());
    assertEquals("rtx", v.attributes().rtpMap(63).orElseThrow().encoding());
    assertEquals(90000, v.attributes().rtpMap(63).orElseThrow().clockRate());
    assertTrue(sdp.contains("a=fmtp:63 apt=96\r\n"));
    assertTrue(sdp.contains("a=rtcp-fb:96 nack\r\n"), "generic NACK (RFC 4585 section 4.2)");
    assertTrue(sdp.contains("a=ssrc-group:FID 2222 4444\r\n"));
    assertTrue(sdp.contains("a=ssrc:4444 cname:bob\r\n"));
    assertTrue(sdp.contains("a=ssrc:4444 msid:bob bob-cam\r\n"));
    assertEquals(List.of(2222L, 2222L, 4444L, 4444L), v.attributes().ssrcs().stream().map(x -> x.ssrc()).toList());
    MediaDescription a = sd.media().get(0);
    assertEquals(List.of(111), a.payloadTypes(), "audio: no RTX");
    MediaDescription gone = sd.media().get(2);
    assertFalse(gone.attributes().has("ssrc-group"), "an inactive section announces no SSRC");
    assertEquals(List.of(96, 63), gone.payloadTypes(), "payload types stay as offered before");
  }
}
