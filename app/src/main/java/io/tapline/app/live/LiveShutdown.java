package io.tapline.app.live;

import io.tapline.sfu.conversation.Conversation;
import io.tapline.sfu.conversation.ConversationRegistry;
import io.tapline.sfu.conversation.EndReason;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On shutdown, ends every live conversation (participants told {@code conversation-ended}, running
 * recordings stopped so their segments are closed and their manifests final) while the media plane
 * and the indexer are still there, then waits for the indexer to write it all.
 */
public final class LiveShutdown implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveShutdown.class);

  private final ConversationRegistry registry;
  private final ConversationIndexer indexer;

  public LiveShutdown(ConversationRegistry registry, ConversationIndexer indexer) {
    this.registry = registry;
    this.indexer = indexer;
  }

  @Override
  public void close() throws InterruptedException {
    for (Conversation c : new ArrayList<>(registry.conversations())) {
      try {
        registry.end(c.id(), EndReason.SHUTDOWN);
      } catch (RuntimeException e) {
        log.error("Ending conversation {} at shutdown failed", c.id(), e);
      }
    }
    indexer.flush();
  }
}
