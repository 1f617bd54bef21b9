package io.tapline.jobs.batch;

import io.tapline.storage.retention.FsckReport;
import io.tapline.storage.retention.IntegrityChecker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * Runs storage's integrity check and keeps its findings in the step's execution context (counts,
 * and the first keys of each kind), so the job repository answers "what did the last check find".
 * A check that finds problems completes; the findings are its result.
 */
public final class VerifyArchiveTasklet implements Tasklet {
  private static final Logger log = LoggerFactory.getLogger(VerifyArchiveTasklet.class);
  /** Orphans younger than this may be uploads about to be indexed. */
  public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(24);
  static final int KEYS_KEPT = 20;

  private final IntegrityChecker checker;
  private final boolean deep;
  private final boolean repair;
  private final Duration orphanGrace;

  public VerifyArchiveTasklet(IntegrityChecker checker, boolean deep, boolean repair,
      Duration orphanGrace) {
    this.checker = checker;
    this.deep = deep;
    this.repair = repair;
    this.orphanGrace = orphanGrace;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
    FsckReport r = checker.check(deep, repair, orphanGrace);
    ExecutionContext ctx = contribution.getStepExecution().getExecutionContext();
    ctx.putInt("checked", r.checked());
    ctx.putInt("missing", r.missing().size());
    ctx.putInt("orphaned", r.orphaned().size());
    ctx.putInt("mismatched", r.mismatched().size());
    ctx.putInt("repaired", r.repaired().size());
    ctx.putString("missingKeys", first(r.missing()));
    ctx.putString("orphanedKeys", first(r.orphaned()));
    ctx.putString("mismatchedKeys", first(r.mismatched()));
    contribution.incrementReadCount();
    contribution.incrementWriteCount(r.repaired().size());
    if (r.clean()) {
      log.info("archive verified: {} objects checked, all consistent", r.checked());
    } else {
      log.warn("archive verification: {} missing, {} orphaned, {} mismatched of {} checked; "
          + "repaired: {}", r.missing().size(), r.orphaned().size(), r.mismatched().size(),
          r.checked(), r.repaired());
    }
    return RepeatStatus.FINISHED;
  }

  private static String first(java.util.List<String> keys) {
    return String.join("\n", keys.subList(0, Math.min(KEYS_KEPT, keys.size())));
  }
}
