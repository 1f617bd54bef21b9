package io.tapline.pipeline.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeIdTest {
  @Test
  void acceptsLettersDigitsDashAndUnderscoreUpTo64() {
    for (String ok : new String[] {"a", "rec-0f3c", "Conv_1", "-", "x".repeat(64),
        "rec-" + java.util.UUID.randomUUID()}) {
      assertTrue(SafeId.isValid(ok), ok);
      assertEquals(ok, SafeId.require(ok, "id"));
    }
  }

  @Test
  void refusesDotsSeparatorsEmptyAndLongIds() {
    for (String bad : new String[] {null, "", "sch-1.occ-2", ".hidden", "..", "../escape", "a/b",
        "a\\b", "x".repeat(65), "café", "a b", "a\nb"}) {
      assertFalse(SafeId.isValid(bad), String.valueOf(bad));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SafeId.require(bad, "recording id"));
      assertTrue(e.getMessage().startsWith("recording id must be " + SafeId.RULE),
          e.getMessage());
    }
  }
}
