package io.tapline.jobs.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.explore.support.JobExplorerFactoryBean;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JobRepositoryFactoryBean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Executions left running by dead workers, on a real (in-memory H2) job repository. */
class AbandonedExecutionsTest {
  JdbcDataSource dataSource;
  JobRepository repository;
  JobExplorer explorer;

  @BeforeEach
  void repository() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    dataSource = ds;
    ds.setURL("jdbc:h2:mem:batch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    BatchSchema.initialize(ds);
    var tx = new DataSourceTransactionManager(ds);
    JobRepositoryFactoryBean r = new JobRepositoryFactoryBean();
    r.setDataSource(ds);
    r.setTransactionManager(tx);
    r.afterPropertiesSet();
    repository = r.getObject();
    JobExplorerFactoryBean x = new JobExplorerFactoryBean();
    x.setDataSource(ds);
    x.setTransactionManager(tx);
    x.afterPropertiesSet();
    explorer = x.getObject();
  }

  @Test
  void onlyExecutionsNotUpdatedForTheGivenTimeAreFailedAndCanThenRestart() throws Exception {
    JobExecution stale = running("rec-stale", LocalDateTime.now().minusMinutes(30));
    JobExecution fresh = running("rec-fresh", LocalDateTime.now());
    var recovery = new AbandonedExecutions(explorer, repository, Clock.systemDefaultZone());

    List<Long> failed = recovery.recover(Set.of(BatchJobs.FINALIZE), Duration.ofMinutes(10));

    assertEquals(List.of(stale.getId()), failed);
    JobExecution s = explorer.getJobExecution(stale.getId());
    assertEquals(BatchStatus.FAILED, s.getStatus());
    assertEquals(BatchStatus.FAILED, s.getStepExecutions().iterator().next().getStatus());
    assertEquals(BatchStatus.STARTED, explorer.getJobExecution(fresh.getId()).getStatus());
    // failed, the instance can run again: a new execution is allowed
    repository.createJobExecution(BatchJobs.FINALIZE, params("rec-stale"));
  }

  @Test
  void withZeroEveryRunningExecutionIsFailed() throws Exception {
    running("rec-1", LocalDateTime.now());
    running("rec-2", LocalDateTime.now());
    var recovery = new AbandonedExecutions(explorer, repository,
        Clock.fixed(Instant.now(), ZoneId.systemDefault()));

    assertEquals(2, recovery.recover(Set.of(BatchJobs.FINALIZE), Duration.ZERO).size());
    assertEquals(0, explorer.findRunningJobExecutions(BatchJobs.FINALIZE).size());
  }

  private JobExecution running(String recordingId, LocalDateTime touched) throws Exception {
    JobExecution e = repository.createJobExecution(BatchJobs.FINALIZE, params(recordingId));
    e.setStatus(BatchStatus.STARTED);
    e.setStartTime(touched);
    repository.update(e);
    StepExecution step = e.createStepExecution("compose");
    step.setStatus(BatchStatus.STARTED);
    step.setStartTime(touched);
    repository.add(step);
    // the repository stamps lastUpdated with now: age both rows as a dead worker leaves them
    var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
    jdbc.update("UPDATE BATCH_JOB_EXECUTION SET LAST_UPDATED = ? WHERE JOB_EXECUTION_ID = ?",
        touched, e.getId());
    jdbc.update("UPDATE BATCH_STEP_EXECUTION SET LAST_UPDATED = ? WHERE STEP_EXECUTION_ID = ?",
        touched, step.getId());
    return e;
  }

  private static org.springframework.batch.core.JobParameters params(String recordingId) {
    return new JobParametersBuilder().addString("recordingId", recordingId).toJobParameters();
  }
}
