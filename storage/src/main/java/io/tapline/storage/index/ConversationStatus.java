package io.tapline.storage.index;

/** Lifecycle of a conversation; PURGING while its retention purge runs. */
public enum ConversationStatus {
  PLANNED, ACTIVE, ENDED, CANCELLED, PURGING
}
