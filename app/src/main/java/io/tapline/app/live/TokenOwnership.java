package io.tapline.app.live;

import io.tapline.app.auth.OwnershipRepository;
import io.tapline.sfu.auth.TokenClaims;
import io.tapline.sfu.signaling.JoinAdmissions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of a conversation comes from the join token: before a join (whose token names its
 * application in the {@code app} claim) creates a conversation nobody owns, the application
 * claims it, so the conversation, its recordings and files are visible to it over REST and the
 * batch jobs publish its events to it. An existing owner is never replaced.
 */
public final class TokenOwnership implements JoinAdmissions {
  private static final Logger log = LoggerFactory.getLogger(TokenOwnership.class);
  private final OwnershipRepository owners;
  private final Clock clock;

  public TokenOwnership(OwnershipRepository owners, Clock clock) {
    this.owners = owners;
    this.clock = clock;
  }

  @Override
  public void admitted(TokenClaims claims) {
    String app = claims.applicationId();
    if (app == null) {
      return; // a token issued without an application (older tokens): ownership stays as it is
    }
    String conversation = claims.conversationId();
    if (owners.claim(conversation, app, clock.instant())) {
      log.info("conversation {} is owned by application {} (from the join token of {})", conversation, app,
          claims.participantId());
      return;
    }
    owners.owner(conversation).filter(o -> !o.equals(app)).ifPresent(o -> log.warn(
        "join to {} with a token of application {}, but the conversation belongs to {}", conversation, app, o));
  }
}
