package io.tapline.sfu.signaling;

import io.tapline.sfu.auth.TokenClaims;

/**
 * Told of every join whose token checked out, before the participant joins (and before a
 * conversation its first join creates is announced): the application records who owns the
 * conversation from the token's {@code app} claim. Runs on the session's thread, no lock held.
 */
@FunctionalInterface
public interface JoinAdmissions {
  JoinAdmissions NONE = claims -> { };

  void admitted(TokenClaims claims);
}
