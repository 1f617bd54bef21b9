package io.tapline.sfu.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.sfu.webrtc.ice.HostCandidates;
import io.tapline.sfu.webrtc.ice.IceCredentials;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SdpAnswererTest {
  private static final IceCredentials ICE = IceCredentials.random(new Random(3));
  private static final Fingerprint CERT = Fingerprint.sha256(new byte[32]);

  @Test
  void answersChromeOfferWithTaplineCodecsInOfferOrder() throws Exception {
    SessionDescription answer = answer(BrowserOffers.CHROME, false);
    assertTrue(answer.attributes().has("ice-lite"));
    assertEquals(Optional.of(List.of("0", "1", "2")), answer.attributes().bundle());
    assertTrue(answer.attributes().has("extmap-allow-mixed"));

    MediaDescription audio = answer.media().get(0);
    assertEquals(10000, audio.port());
    assertEquals(List.of(111), audio.payloadTypes());
    Attributes a = audio.attributes();
    assertEquals(Optional.of("minptime=10;useinbandfec=1"),
        a.fmtp(111).map(Fmtp::parameterString));
    assertEquals(List.of(1, 2, 3, 4), a.extmaps().stream().map(Extmap::id).toList());
    assertEquals(Optional.of(Direction.RECVONLY), a.direction()); // sendrecv offer, recv-only SFU
    assertEquals(Optional.of(Setup.PASSIVE), a.setup());
    assertEquals(Optional.of(ICE.ufrag()), a.iceUfrag());
    assertEquals(Optional.of(ICE.pwd()), a.icePwd());
    assertEquals(List.of(CERT), a.fingerprints());
    assertTrue(a.has("rtcp-mux"));
    assertTrue(a.has("end-of-candidates"));
    assertEquals(List.of("1 1 udp 2130706431 198.51.100.4 10000 typ host",
        "2 1 tcp 1520435199 198.51.100.4 4443 typ host tcptype passive"), a.candidates());
    assertEquals(List.of(new SdpLine('c', "IN IP4 198.51.100.4")), audio.lines());

    MediaDescription camera = answer.media().get(1);
    // VP8+rtx, H.264 42e01f mode 1 + rtx, VP9 profile 0 + rtx; not 42001f, mode 0, 4d, 64, AV1,
    // VP9 profile 2, red, ulpfec
    assertEquals(List.of(96, 97, 106, 107, 98, 99), camera.payloadTypes());
    Attributes c = camera.attributes();
    assertEquals(List.of(2, 3, 4, 10, 11), c.extmaps().stream().map(Extmap::id).toList());
    assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"),
        c.rtcpFeedback(96).stream().map(RtcpFeedback::type).toList());
    assertEquals(List.of(), c.rtcpFeedback(97));
    assertEquals(Optional.of("96"), c.fmtp(97).flatMap(f -> f.parameter("apt")));
    assertEquals(Optional.of(Direction.RECVONLY), c.direction());
    assertEquals(List.of(new Rid("q", "recv", null), new Rid("h", "recv", null),
        new Rid("f", "recv", null)), c.rids());
    assertEquals(new Simulcast(List.of(), List.of(List.of("q"), List.of("h"), List.of("f"))),
        c.simulcast().get());
    assertTrue(c.ssrcs().isEmpty());

    assertEquals(List.of(96, 97, 106, 107), answer.media().get(2).payloadTypes());

    MediaDescription data = answer.media().get(3);
    assertTrue(data.isRejected());
    assertEquals(Optional.of("3"), data.attributes().mid());
  }

  @Test
  void acceptsAv1OnlyWhenConfigured() throws Exception {
    assertEquals(List.of(96, 97, 106, 107, 45, 46, 98, 99),
        answer(BrowserOffers.CHROME, true).media().get(1).payloadTypes());
  }

  @Test
  void answersFirefoxOfferUsingSessionLevelFingerprint() throws Exception {
    SessionDescription answer = answer(BrowserOffers.FIREFOX, false);
    assertEquals(List.of(109), answer.media().get(0).payloadTypes());
    assertEquals(Optional.of("maxplaybackrate=48000;stereo=1;useinbandfec=1"),
        answer.media().get(0).attributes().fmtp(109).map(Fmtp::parameterString));
    // extmap 2 (csrc-audio-level) is not one Tapline reads
    assertEquals(List.of(1, 3),
        answer.media().get(0).attributes().extmaps().stream().map(Extmap::id).toList());
    assertEquals(List.of(120, 124, 121, 125, 126, 127), answer.media().get(1).payloadTypes());
    assertEquals(Optional.of(List.of("0", "1")), answer.attributes().bundle());
  }

  @Test
  void acceptsFirefoxBundleOnlySectionsWithPortZero() throws Exception {
    SessionDescription offer = SdpParser.parse(BrowserOffers.FIREFOX_153_SENDONLY);
    assertTrue(offer.media().get(1).isRejected(), "the captured offer has port 0 on its video section");
    SessionDescription answer = answer(BrowserOffers.FIREFOX_153_SENDONLY, false);
    assertFalse(answer.media().get(1).isRejected());
    assertEquals(List.of(120, 124, 121, 125), answer.media().get(1).payloadTypes());
    assertEquals(Optional.of(List.of("0", "1")), answer.attributes().bundle());
  }

  @Test
  void sendingSfuAnswersSendrecvToSendrecvAndRecvonlyToSendonly() throws Exception {
    SessionDescription answer = new SdpAnswerer(options(false, true))
        .answer(SdpParser.parse(BrowserOffers.CHROME));
    assertEquals(Optional.of(Direction.SENDRECV), answer.media().get(0).attributes().direction());
    assertEquals(Optional.of(Direction.RECVONLY), answer.media().get(1).attributes().direction());
  }

  @Test
  void rejectsWhatItCannotHandleInsteadOfFailing() throws Exception {
    String noMux = BrowserOffers.FIREFOX.replaceFirst("a=rtcp-mux\r\n", "");
    SessionDescription a1 = answer(noMux, false);
    assertTrue(a1.media().get(0).isRejected());
    assertFalse(a1.media().get(1).isRejected());
    assertEquals(Optional.of(List.of("1")), a1.attributes().bundle());

    String onlyG711 = BrowserOffers.FIREFOX.replace("SAVPF 109 9 0 8 101", "SAVPF 0 8");
    assertTrue(answer(onlyG711, false).media().get(0).isRejected());

    String noFingerprint = BrowserOffers.FIREFOX.replaceFirst("a=fingerprint:[^\r]*\r\n", "");
    SessionDescription a3 = answer(noFingerprint, false);
    assertTrue(a3.media().stream().allMatch(MediaDescription::isRejected));
    assertEquals(Optional.empty(), a3.attributes().bundle());

    String notBundled = BrowserOffers.FIREFOX.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
    assertTrue(answer(notBundled, false).media().get(1).isRejected());
  }

  @Test
  void answerWritesAndParsesBack() throws Exception {
    SessionDescription answer = answer(BrowserOffers.CHROME, true);
    String text = SdpWriter.write(answer);
    assertEquals(answer, SdpParser.parse(text));
    assertTrue(text.contains("\r\na=setup:passive\r\n"));
    assertTrue(text.contains("\r\nm=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n"));
  }

  private static SessionDescription answer(String offer, boolean av1) throws Exception {
    return new SdpAnswerer(options(av1, false)).answer(SdpParser.parse(offer));
  }

  private static AnswerOptions options(boolean av1, boolean send) throws Exception {
    return new AnswerOptions(ICE, CERT, new HostCandidates(
        List.of(InetAddress.getByName("198.51.100.4")), 10000, OptionalInt.of(4443)).candidates(),
        av1, send, 1234567890123L);
  }
}
