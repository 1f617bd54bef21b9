package io.tapline.sfu.conversation;

/**
 * Sees every event of every conversation, in order, while the conversation is locked: keep it
 * quick and never block on I/O. Exceptions are logged and do not reach the conversation.
 */
@FunctionalInterface
public interface ConversationObserver {
  void onEvent(Conversation conversation, ConversationEvent event);
}
