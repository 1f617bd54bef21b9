package io.tapline.storage.index;

/** Lifecycle of a conversation. */
public enum ConversationStatus {
  PLANNED, ACTIVE, ENDED, CANCELLED
}
