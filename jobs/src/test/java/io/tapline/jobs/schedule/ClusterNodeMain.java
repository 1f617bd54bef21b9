package io.tapline.jobs.schedule;

import io.tapline.jobs.db.JobsDatabaseSettings;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;

/**
 * A scheduler node in its own JVM for {@link ClusteredSchedulerIT}: clustered Quartz on the
 * PostgreSQL given as argument. Every firing of the start job is counted in {@code firing} by a
 * Quartz listener (below the runner's own de-duplication, so a double firing would show), and every
 * recording start in {@code recording_started}. Prints READY, runs until stdin closes.
 *
 * <p>Arguments: JDBC URL, user, password, node name.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    JobsDatabaseSettings db = new JobsDatabaseSettings(args[0], args[1], args[2], 3);
    String node = args[3];
    QuartzSettings quartz = ClusteredSchedulerIT.clusterSettings(node);
    SqlRecorder recorder = new SqlRecorder(node);
    try (SchedulerNode schedulerNode =
        new SchedulerNode(
            db,
            quartz,
            new ScheduleSettings(Duration.ofSeconds(1)),
            recorder,
            recordingId -> recorder.insert("finalized", recordingId),
            event -> recorder.insert("event", event.id()))) {
      recorder.dataSource = schedulerNode.dataSource;
      schedulerNode.quartz.getListenerManager().addJobListener(recorder);
      schedulerNode.start();
      System.out.println("READY " + node);
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // Wait for the test to close our stdin.
      }
    }
    System.out.println("STOPPED " + node);
  }

  /** Writes what happens on this node to the shared database. */
  private static final class SqlRecorder implements RecordingControl, JobListener {
    private final String node;
    volatile DataSource dataSource;

    SqlRecorder(String node) {
      this.node = node;
    }

    @Override
    public StartResult start(String conversationId, String recordingId) {
      insert("recording_started", conversationId);
      return new StartResult.Started(recordingId);
    }

    @Override
    public void stop(String recordingId) {
      insert("recording_stopped", recordingId);
    }

    @Override
    public String getName() {
      return "firing-recorder";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
      if (context.getJobDetail().getKey().equals(ScheduleTriggers.START_JOB)) {
        insert("firing", context.getTrigger().getKey().toString());
      }
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {}

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException e) {}

    void insert(String kind, String subject) {
      String sql = "INSERT INTO cluster_log (kind, subject, node) VALUES (?, ?, ?)";
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, kind);
        ps.setString(2, subject);
        ps.setString(3, node);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
