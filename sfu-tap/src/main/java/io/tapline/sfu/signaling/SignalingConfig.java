package io.tapline.sfu.signaling;

/**
 * Settings of the signaling protocol.
 *
 * @param maxMessageBytes largest client message accepted, UTF-8 bytes (the WebSocket container's
 *     own limit should be higher, so that oversize messages get a protocol error, not a close)
 * @param maxChatChars longest chat text, characters
 */
public record SignalingConfig(int maxMessageBytes, int maxChatChars) {
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_CHAT_CHARS = 4000;

  public SignalingConfig {
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
    }
    if (maxChatChars < 1) {
      throw new IllegalArgumentException("maxChatChars must be positive, was " + maxChatChars);
    }
  }

  public static SignalingConfig defaults() {
    return new SignalingConfig(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CHAT_CHARS);
  }
}
