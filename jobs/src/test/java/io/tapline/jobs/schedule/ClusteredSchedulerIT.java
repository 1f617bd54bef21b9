package io.tapline.jobs.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tapline.jobs.db.DatabaseVendor;
import io.tapline.jobs.db.JobsDatabase;
import io.tapline.jobs.db.JobsDatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two scheduler JVMs, clustered on one real PostgreSQL, share 20 triggers: each fires exactly once.
 * Firings are counted by a Quartz listener in each node, in a table without any unique constraint.
 */
class ClusteredSchedulerIT {
  private static final Logger log = LoggerFactory.getLogger(ClusteredSchedulerIT.class);
  private static final int TRIGGERS = 20;

  static QuartzSettings clusterSettings(String instanceId) {
    return QuartzSettings.defaults()
        .withSchedulerName("tapline-cluster-it")
        .withCluster(instanceId, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void twoNodesFireEachOfTwentyTriggersExactlyOnce() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      DataSource admin = postgres.getPostgresDatabase();
      JobsDatabase.migrate(admin, DatabaseVendor.POSTGRESQL);
      execute(
          admin,
          "CREATE TABLE cluster_log (kind VARCHAR(32), subject VARCHAR(300), node VARCHAR(32))");
      String url = postgres.getJdbcUrl("postgres", "postgres");

      List<Process> nodes = new ArrayList<>();
      try {
        CountDownLatch ready = new CountDownLatch(2);
        for (String name : List.of("node-a", "node-b")) {
          nodes.add(launch(url, name, ready));
        }
        Instant readyBy = Instant.now().plusSeconds(60);
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
          assertTrue(
              nodes.stream().allMatch(Process::isAlive), "a node exited (see its output above)");
          assertTrue(Instant.now().isBefore(readyBy), "nodes did not start within 60 s");
        }

        JobsDatabaseSettings db = new JobsDatabaseSettings(url, "postgres", "postgres", 2);
        List<String> scheduleIds = new ArrayList<>();
        // A node that only creates schedules (never started), as an API server would.
        try (SchedulerNode creator =
            new SchedulerNode(
                db,
                clusterSettings("creator"),
                ScheduleSettings.defaults(),
                new FakeConversations(),
                id -> {},
                e -> {})) {
          Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
          for (int i = 0; i < TRIGGERS; i++) {
            SchedulePlan plan =
                new SchedulePlan(
                    "app-1",
                    "conv-" + i,
                    new ScheduleStart.At(start),
                    new ScheduleStop.After(Duration.ofHours(1)),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(1));
            scheduleIds.add(creator.scheduler.create(plan).id());
          }
        }

        Instant deadline = Instant.now().plusSeconds(30);
        while (count(admin, "SELECT COUNT(*) FROM cluster_log WHERE kind = 'firing'") < TRIGGERS
            && Instant.now().isBefore(deadline)) {
          Thread.sleep(200);
        }
        Thread.sleep(3000); // room for a duplicate firing to show up

        Map<String, Integer> firingsPerTrigger =
            countBy(
                admin,
                "SELECT subject, COUNT(*) FROM cluster_log WHERE kind = 'firing' GROUP BY subject");
        Map<String, Integer> firingsPerNode =
            countBy(
                admin,
                "SELECT node, COUNT(*) FROM cluster_log WHERE kind = 'firing' GROUP BY node");
        log.info("firings per node: {}", firingsPerNode);
        assertEquals(
            TRIGGERS, count(admin, "SELECT COUNT(*) FROM cluster_log WHERE kind = 'firing'"));
        assertEquals(TRIGGERS, firingsPerTrigger.size());
        for (String id : scheduleIds) {
          assertEquals(1, firingsPerTrigger.get("start:" + id + ".planned"), "firings of " + id);
        }
        assertTrue(List.of("node-a", "node-b").containsAll(firingsPerNode.keySet()));
        Map<String, Integer> startsPerConversation =
            countBy(
                admin,
                "SELECT subject, COUNT(*) FROM cluster_log WHERE kind = 'recording_started' GROUP"
                    + " BY subject");
        assertEquals(TRIGGERS, startsPerConversation.size());
        assertTrue(
            startsPerConversation.values().stream().allMatch(n -> n == 1),
            startsPerConversation.toString());
      } finally {
        for (Process node : nodes) {
          node.getOutputStream().close();
        }
        for (Process node : nodes) {
          if (!node.waitFor(20, TimeUnit.SECONDS)) {
            node.destroyForcibly();
          }
        }
      }
    }
  }

  private static Process launch(String url, String name, CountDownLatch ready) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-Xmx192m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            ClusterNodeMain.class.getName(),
            url,
            "postgres",
            "postgres",
            name);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    CompletableFuture.runAsync(
        () -> {
          try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
              if (line.startsWith("READY ")) {
                ready.countDown();
              }
              if (line.contains("ERROR")
                  || line.contains("Exception")
                  || line.startsWith("READY")
                  || line.startsWith("STOPPED")
                  || line.startsWith("Caused by")) {
                log.info("[{}] {}", name, line);
              }
            }
          } catch (java.io.IOException e) {
            log.warn("[{}] output closed: {}", name, e.toString());
          }
        });
    return process;
  }

  private static void execute(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int count(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Map<String, Integer> countBy(DataSource ds, String sql) throws Exception {
    Map<String, Integer> result = new HashMap<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        result.put(rs.getString(1), rs.getInt(2));
      }
    }
    return result;
  }
}
