package io.tapline.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tapline.app.auth.OwnershipRepository;
import io.tapline.sfu.auth.Role;
import io.tapline.sfu.auth.TokenClaims;
import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.index.IndexSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenOwnershipTest {
  @TempDir Path dir;
  private IndexDatabase index;
  private OwnershipRepository owners;
  private TokenOwnership ownership;
  private final Instant now = Instant.parse("2026-11-23T10:00:00Z");

  @BeforeEach
  void open() {
    index = IndexDatabase.open(IndexSettings.h2(dir));
    OwnershipRepository.migrate(index.dataSource());
    owners = new OwnershipRepository(index.dataSource());
    ownership = new TokenOwnership(owners, Clock.fixed(now, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    index.close();
  }

  private static TokenClaims claims(String conversation, String app) {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    return new TokenClaims(conversation, "alice", null, Role.PUBLISHER, t, t.plusSeconds(60), app);
  }

  @Test
  void theTokensApplicationClaimsAConversationNobodyOwns() {
    ownership.admitted(claims("adhoc", "acme"));
    assertEquals(Optional.of("acme"), owners.owner("adhoc"));
    assertEquals(1, owners.count("acme"));
  }

  @Test
  void anExistingOwnerIsNeverReplaced() {
    owners.claim("weekly", "first", now);
    ownership.admitted(claims("weekly", "second"));
    assertEquals(Optional.of("first"), owners.owner("weekly"));
    assertEquals(0, owners.count("second"));
  }

  @Test
  void aTokenWithoutApplicationLeavesOwnershipAlone() {
    ownership.admitted(claims("nobodys", null));
    assertEquals(Optional.empty(), owners.owner("nobodys"));
  }
}
