package io.tapline.app.demo;

import io.tapline.compositor.synthetic.EncodedPacket;
import io.tapline.compositor.synthetic.SyntheticAudio;
import io.tapline.pipeline.rtp.RtpSenderStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A microphone: Opus packets of a {@link SyntheticAudio}, one per RTP packet (RFC 7587 section
 * 4.2), timestamped with the first input sample on the 48 kHz clock.
 */
final class AudioSender extends TrackSender {
  private final SyntheticAudio audio;

  AudioSender(String trackId, SyntheticAudio audio, RtpSenderStream stream, DatagramChannel rtp,
      DatagramChannel rtcp, InetSocketAddress rtpTo, InetSocketAddress rtcpTo) {
    super(trackId, stream, rtp, rtcp, rtpTo, rtcpTo);
    this.audio = audio;
  }

  @Override
  long periodNanos() {
    return audio.frameSize() * 1_000_000_000L / 48_000;
  }

  @Override
  List<byte[]> frame(long index) throws IOException {
    List<byte[]> out = new ArrayList<>(1);
    for (EncodedPacket p : audio.next()) {
      out.addAll(stream.packets(p.pts(), List.of(p.data()), false));
    }
    return out;
  }

  @Override
  void skipTo(long index) {
    audio.skipTo(index * audio.frameSize());
  }

  @Override
  void closeEncoder() {
    audio.close();
  }
}
