package io.tapline.storage.retention;

import java.util.List;

/**
 * Findings of an integrity check.
 *
 * @param missing indexed keys with no object
 * @param orphaned objects under {@code conversations/} that no index row names
 * @param mismatched indexed keys whose object differs in size or (deep check) SHA-256
 * @param repaired what a repairing run changed, one line each
 */
public record FsckReport(int checked, List<String> missing, List<String> orphaned,
    List<String> mismatched, List<String> repaired) {
  public FsckReport {
    missing = List.copyOf(missing);
    orphaned = List.copyOf(orphaned);
    mismatched = List.copyOf(mismatched);
    repaired = List.copyOf(repaired);
  }

  public boolean clean() {
    return missing.isEmpty() && orphaned.isEmpty() && mismatched.isEmpty();
  }
}
