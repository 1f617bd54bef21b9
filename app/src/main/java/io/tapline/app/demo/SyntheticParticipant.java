package io.tapline.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.compositor.synthetic.SyntheticAudio;
import io.tapline.compositor.synthetic.SyntheticVideo;
import io.tapline.compositor.synthetic.TestPattern;
import io.tapline.compositor.synthetic.Tone;
import io.tapline.compositor.synthetic.YuvPicture.Color;
import io.tapline.pipeline.rtp.RtpSenderStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One synthetic participant, as a plain-RTP client of the SFU: joins through the signaling
 * WebSocket with its token, publishes a camera (VP8, its colour, name, clock and counter) and a
 * microphone (Opus, its own pitch), is told where to send RTP and RTCP, and sends both in real
 * time until it leaves.
 */
final class SyntheticParticipant implements AutoCloseable {
  /** Who it is and what it looks and sounds like. */
  record Look(String id, String name, Color color, double toneHz) {}

  /** What the demo's cameras and microphones send. */
  record MediaSettings(int width, int height, int fps, long videoBitrate, int keyframeSeconds, long audioBitrate) {
    static final MediaSettings DEFAULT = new MediaSettings(640, 360, 15, 600_000, 4, 48_000);
  }

  private static final Random SSRCS = new SecureRandom();

  private final Look look;
  private final MediaSettings media;
  private final List<TrackSender> senders = new ArrayList<>();
  private final List<DatagramChannel> channels = new ArrayList<>();
  private SignalingClient signaling;
  private long packetsOfStoppedTracks;

  SyntheticParticipant(Look look, MediaSettings media) {
    this.look = look;
    this.media = media;
  }

  Look look() {
    return look;
  }

  void join(URI signalingUrl, String conversationId, String token) throws IOException, InterruptedException {
    signaling = SignalingClient.connect(look.id(), signalingUrl);
    signaling.request(SignalingClient.message("join").put("version", 1).put("conversationId", conversationId)
        .put("token", token));
  }

  /** Publishes the camera and the microphone and starts sending both. */
  void publish() throws IOException, InterruptedException {
    TrackSender.Clock clock = TrackSender.Clock.now();
    String camId = look.id() + "-cam";
    long camSsrc = SSRCS.nextInt() & 0xffff_ffffL;
    ObjectNode cam = SignalingClient.message("publish");
    cam.putObject("track").put("trackId", camId).put("kind", "video").put("source", "camera").put("codec", "VP8")
        .put("payloadType", 96).put("clockRate", 90_000).put("ssrc", camSsrc);
    JsonNode camAt = signaling.request(cam);
    SyntheticVideo video = SyntheticVideo.vp8(media.width(), media.height(), media.fps(), media.videoBitrate(),
        media.fps() * media.keyframeSeconds(), new TestPattern(look.name(), look.color(), media.fps()));
    senders.add(new VideoSender(camId, video, stream(camSsrc, 96, 90_000, camId), open(), open(),
        address(camAt.get("rtp")), address(camAt.get("rtcp"))));

    String micId = look.id() + "-mic";
    long micSsrc = SSRCS.nextInt() & 0xffff_ffffL;
    ObjectNode mic = SignalingClient.message("publish");
    mic.putObject("track").put("trackId", micId).put("kind", "audio").put("source", "microphone").put("codec", "opus")
        .put("payloadType", 111).put("clockRate", 48_000).put("channels", 2).put("fmtp", "minptime=10;useinbandfec=1")
        .put("ssrc", micSsrc);
    JsonNode micAt = signaling.request(mic);
    SyntheticAudio audio = SyntheticAudio.opus(2, media.audioBitrate(), new Tone(look.toneHz(), 0.3, 0.03, 400));
    senders.add(new AudioSender(micId, audio, stream(micSsrc, 111, 48_000, micId), open(), open(),
        address(micAt.get("rtp")), address(micAt.get("rtcp"))));

    for (TrackSender s : senders) {
      s.start(clock);
    }
  }

  private RtpSenderStream stream(long ssrc, int pt, int rate, String trackId) {
    return new RtpSenderStream(ssrc, pt, rate, trackId + "@demo.tapline", SSRCS);
  }

  private DatagramChannel open() throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    channels.add(ch);
    ch.bind(new InetSocketAddress("127.0.0.1", 0));
    return ch;
  }

  private static InetSocketAddress address(JsonNode hostPort) throws IOException {
    if (hostPort == null || !hostPort.hasNonNull("host") || !hostPort.hasNonNull("port")) {
      throw new IOException("published answer without an address: " + hostPort);
    }
    return new InetSocketAddress(hostPort.get("host").asText(), hostPort.get("port").asInt());
  }

  /** Stops sending (a BYE per track) and leaves through signaling. */
  void leave() throws IOException, InterruptedException {
    stopSending();
    if (signaling != null) {
      signaling.request(SignalingClient.message("leave"));
      signaling.close();
      signaling = null;
    }
  }

  private void stopSending() {
    for (TrackSender s : senders) {
      s.close();
      packetsOfStoppedTracks += s.packetsSent();
    }
    senders.clear();
    for (DatagramChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing a UDP socket has nothing to flush
      }
    }
    channels.clear();
  }

  /** Packets sent so far (RTP and RTCP, all tracks). */
  long packetsSent() {
    return packetsOfStoppedTracks + senders.stream().mapToLong(TrackSender::packetsSent).sum();
  }

  @Override
  public void close() {
    stopSending();
    if (signaling != null) {
      signaling.close();
      signaling = null;
    }
  }
}
