package io.tapline.sfu.webrtc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.sfu.webrtc.ice.IceCredentials;
import io.tapline.sfu.webrtc.sdp.AnswerOptions;
import io.tapline.sfu.webrtc.sdp.Fingerprint;
import io.tapline.sfu.webrtc.sdp.SdpAnswerer;
import io.tapline.sfu.webrtc.sdp.SdpParser;
import io.tapline.sfu.webrtc.sdp.SessionDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Chrome-shaped publish offer (sendonly audio and video with an FID group) read into tracks. */
public class PublishOffersTest {
  public static final String OFFER = String.join("\r\n",
      "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
      "a=extmap-allow-mixed", "a=msid-semantic: WMS s1",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 0", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
      "a=ice-ufrag:Qh7b", "a=ice-pwd:h5Yk3l4DsvGJn9tVdGx1T4Fb", "a=ice-options:trickle",
      "a=fingerprint:sha-256 " + "12:".repeat(31) + "12", "a=setup:actpass", "a=mid:0",
      "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
      "a=sendonly", "a=msid:s1 a1", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1",
      "a=rtpmap:0 PCMU/8000", "a=ssrc:1001 cname:x", "a=ssrc:1001 msid:s1 a1",
      "m=video 9 UDP/TLS/RTP/SAVPF 96 97 45", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
      "a=ice-ufrag:Qh7b", "a=ice-pwd:h5Yk3l4DsvGJn9tVdGx1T4Fb", "a=ice-options:trickle",
      "a=fingerprint:sha-256 " + "12:".repeat(31) + "12", "a=setup:actpass", "a=mid:1",
      "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
      "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=sendonly", "a=msid:s1 v1", "a=rtcp-mux", "a=rtcp-rsize",
      "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack pli", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
      "a=rtpmap:45 AV1/90000", "a=ssrc-group:FID 2001 2002", "a=ssrc:2001 cname:x", "a=ssrc:2002 cname:x", "");

  private static SessionDescription answer(SessionDescription offer) throws Exception {
    return new SdpAnswerer(new AnswerOptions(new IceCredentials("abcd", "0123456789abcdefghijklmn"),
        Fingerprint.parse("sha-256 " + "AB:".repeat(31) + "AB"), List.of(), false, false, 1)).answer(offer);
  }

  @Test
  void eachSendingSectionBecomesATrack() throws Exception {
    SessionDescription offer = SdpParser.parse(OFFER);
    List<PublishedSection> s = PublishOffers.sections(offer, answer(offer));
    assertEquals(2, s.size());
    PublishedSection audio = s.get(0);
    assertEquals("0", audio.mid());
    assertEquals(1001, audio.ssrc());
    assertEquals("opus", audio.codec());
    assertEquals(111, audio.payloadType());
    assertEquals(2, audio.channels());
    assertEquals("minptime=10;useinbandfec=1", audio.fmtp());
    assertEquals("a1", audio.msidTrack());
    assertTrue(audio.extmap().containsValue("urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
    PublishedSection video = s.get(1);
    assertEquals(2001, video.ssrc(), "the first SSRC of the FID group, not its RTX");
    assertEquals("VP8", video.codec());
    assertEquals(96, video.payloadType());
    assertEquals(null, video.channels());
  }

  @Test
  void aSendingSectionWithoutSsrcIsRoutedByItsMidExtension() throws Exception {
    SessionDescription offer = SdpParser.parse(OFFER.replace("a=ssrc:1001 cname:x\r\n", "")
        .replace("a=ssrc:1001 msid:s1 a1\r\n", ""));
    PublishedSection audio = PublishOffers.sections(offer, answer(offer)).get(0);
    assertEquals(null, audio.ssrc(), "learned from the first packet");
    assertEquals(4, audio.midExtensionId());
  }

  @Test
  void aSendingSectionWithoutSsrcNorMidExtensionIsRefused() throws Exception {
    SessionDescription offer = SdpParser.parse(OFFER.replace("a=ssrc:1001 cname:x\r\n", "")
        .replace("a=ssrc:1001 msid:s1 a1\r\n", "").replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n", ""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PublishOffers.sections(offer, answer(offer)));
    assertTrue(e.getMessage().contains("mid header extension"), e.getMessage());
  }

  @Test
  void aSimulcastSectionIsOneTrackWithItsRidsAndNeedsNoSsrc() throws Exception {
    SessionDescription offer = SdpParser.parse(OFFER
        .replace("a=ssrc-group:FID 2001 2002\r\na=ssrc:2001 cname:x\r\na=ssrc:2002 cname:x\r\n",
            "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n")
        .replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendonly\r\na=msid:s1 v1",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
                + "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\na=sendonly\r\na=msid:s1 v1"));
    List<PublishedSection> s = PublishOffers.sections(offer, answer(offer));
    assertEquals(2, s.size());
    PublishedSection video = s.get(1);
    assertEquals(null, video.ssrc());
    assertEquals("1", video.simulcast().mid());
    assertEquals(List.of("q", "h", "f"), video.simulcast().rids());
    assertEquals("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", video.extmap().get(10));
    assertEquals(null, s.get(0).simulcast());
  }
}
