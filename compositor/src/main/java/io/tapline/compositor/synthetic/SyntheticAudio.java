package io.tapline.compositor.synthetic;

import io.tapline.compositor.media.AudioEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Generated audio at 48 kHz, encoded one frame (20 ms for Opus) at a time as a live sender does.
 * Every channel carries the same {@link Waveform}. Not thread-safe; close it to free the encoder.
 */
public final class SyntheticAudio implements AutoCloseable {
  /** The sample (-1..1) at input sample {@code index} (48 kHz). */
  @FunctionalInterface
  public interface Waveform {
    double sample(long index);
  }

  private final AudioEncoder encoder;
  private final Waveform waveform;
  private final float[][] buffer;
  private long nextSample;

  private SyntheticAudio(AudioEncoder encoder, Waveform waveform) {
    this.encoder = encoder;
    this.waveform = waveform;
    this.buffer = new float[encoder.channels()][encoder.frameSize()];
  }

  /** Opus (libopus) with {@code channels} channels at {@code bitrate} bits per second. */
  public static SyntheticAudio opus(int channels, long bitrate, Waveform waveform) throws IOException {
    if (channels < 1 || channels > 2) {
      throw new IllegalArgumentException("1 or 2 channels, not " + channels);
    }
    return new SyntheticAudio(AudioEncoder.open("libopus", channels, bitrate, false), waveform);
  }

  /** Input samples per {@link #next} call (960 = 20 ms for Opus). */
  public int frameSize() {
    return encoder.frameSize();
  }

  /** The encoder delay: the first packet's pts is minus this many samples. */
  public int initialPadding() {
    return encoder.context().initial_padding();
  }

  /**
   * Makes input sample {@code sample} the next one encoded: the samples in between are never sent
   * (a gap in the stream's timestamps, as when a live source falls behind its clock).
   */
  public void skipTo(long sample) {
    if (sample < nextSample) {
      throw new IllegalArgumentException("cannot go back from sample " + nextSample + " to " + sample);
    }
    nextSample = sample;
  }

  /**
   * Encodes the next {@link #frameSize()} samples. Packet pts are input sample indexes (FFmpeg
   * stamps the first one at minus the encoder delay, as a real sender's timestamps would be).
   */
  public List<EncodedPacket> next() throws IOException {
    int n = encoder.frameSize();
    for (int i = 0; i < n; i++) {
      float v = (float) waveform.sample(nextSample + i);
      for (float[] channel : buffer) {
        channel[i] = v;
      }
    }
    List<EncodedPacket> out = new ArrayList<>(1);
    encoder.encode(buffer, nextSample, p -> out.add(copy(p)));
    nextSample += n;
    return out;
  }

  public List<EncodedPacket> flush() throws IOException {
    List<EncodedPacket> out = new ArrayList<>();
    encoder.flush(p -> out.add(copy(p)));
    return out;
  }

  private static EncodedPacket copy(AVPacket p) {
    byte[] b = new byte[p.size()];
    p.data().get(b);
    return new EncodedPacket(b, p.pts(), true);
  }

  @Override
  public void close() {
    encoder.close();
  }
}
