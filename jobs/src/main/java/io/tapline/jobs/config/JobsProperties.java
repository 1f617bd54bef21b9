package io.tapline.jobs.config;

import io.tapline.jobs.db.JobsDatabaseSettings;
import io.tapline.jobs.schedule.QuartzSettings;
import io.tapline.jobs.schedule.ScheduleSettings;
import io.tapline.jobs.webhook.BackoffPolicy;
import io.tapline.jobs.webhook.WebhookSettings;
import io.tapline.jobs.webhook.WebhookTargetGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code tapline.jobs.*}: binding only; the typed settings records validate. */
@ConfigurationProperties("tapline.jobs")
public class JobsProperties {
  private final Database database = new Database();
  private final Quartz quartz = new Quartz();
  private final Schedule schedule = new Schedule();
  private final Webhooks webhooks = new Webhooks();

  public Database getDatabase() {
    return database;
  }

  public Quartz getQuartz() {
    return quartz;
  }

  public Schedule getSchedule() {
    return schedule;
  }

  public Webhooks getWebhooks() {
    return webhooks;
  }

  public static class Database {
    private String url = JobsDatabaseSettings.DEFAULT_URL;
    private String user = "sa";
    private String password = "";
    private int maxConnections = 5;

    JobsDatabaseSettings toSettings() {
      return new JobsDatabaseSettings(url, user, password, maxConnections);
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getUser() {
      return user;
    }

    public void setUser(String user) {
      this.user = user;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public int getMaxConnections() {
      return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }
  }

  public static class Quartz {
    private static final QuartzSettings DEFAULTS = QuartzSettings.defaults();
    private String schedulerName = DEFAULTS.schedulerName();
    private String instanceId = DEFAULTS.instanceId();
    private boolean clustered = DEFAULTS.clustered();
    private int threadCount = DEFAULTS.threadCount();
    private Duration clusterCheckinInterval = DEFAULTS.clusterCheckinInterval();
    private Duration idleWaitTime = DEFAULTS.idleWaitTime();
    private Duration misfireThreshold = DEFAULTS.misfireThreshold();

    QuartzSettings toSettings() {
      return new QuartzSettings(
          schedulerName,
          instanceId,
          clustered,
          threadCount,
          clusterCheckinInterval,
          idleWaitTime,
          misfireThreshold);
    }

    public String getSchedulerName() {
      return schedulerName;
    }

    public void setSchedulerName(String schedulerName) {
      this.schedulerName = schedulerName;
    }

    public String getInstanceId() {
      return instanceId;
    }

    public void setInstanceId(String instanceId) {
      this.instanceId = instanceId;
    }

    public boolean isClustered() {
      return clustered;
    }

    public void setClustered(boolean clustered) {
      this.clustered = clustered;
    }

    public int getThreadCount() {
      return threadCount;
    }

    public void setThreadCount(int threadCount) {
      this.threadCount = threadCount;
    }

    public Duration getClusterCheckinInterval() {
      return clusterCheckinInterval;
    }

    public void setClusterCheckinInterval(Duration clusterCheckinInterval) {
      this.clusterCheckinInterval = clusterCheckinInterval;
    }

    public Duration getIdleWaitTime() {
      return idleWaitTime;
    }

    public void setIdleWaitTime(Duration idleWaitTime) {
      this.idleWaitTime = idleWaitTime;
    }

    public Duration getMisfireThreshold() {
      return misfireThreshold;
    }

    public void setMisfireThreshold(Duration misfireThreshold) {
      this.misfireThreshold = misfireThreshold;
    }
  }

  public static class Schedule {
    private Duration joinPollInterval = ScheduleSettings.defaults().joinPollInterval();

    ScheduleSettings toSettings() {
      return new ScheduleSettings(joinPollInterval);
    }

    public Duration getJoinPollInterval() {
      return joinPollInterval;
    }

    public void setJoinPollInterval(Duration joinPollInterval) {
      this.joinPollInterval = joinPollInterval;
    }
  }

  public static class Webhooks {
    private static final WebhookSettings DEFAULTS = WebhookSettings.defaults();
    private boolean enabled = true;
    private Duration pollInterval = DEFAULTS.pollInterval();
    private int batchSize = DEFAULTS.batchSize();
    private Duration requestTimeout = DEFAULTS.requestTimeout();
    private Duration claimLease = DEFAULTS.claimLease();
    private final Backoff backoff = new Backoff();
    /** Loopback, private, shared and unique-local targets (the always-blocked kinds stay blocked). */
    private boolean allowPrivateNetworks = false;
    /**
     * CIDR blocks a target may be in whatever its kind; by default the loopback networks, so a
     * receiver on the same machine works (see docs/configuration.md for production).
     */
    private List<String> allowedNetworks = new ArrayList<>(List.of("127.0.0.0/8", "::1/128"));

    WebhookSettings toSettings() {
      return new WebhookSettings(
          pollInterval, batchSize, requestTimeout, claimLease, backoff.toPolicy());
    }

    WebhookTargetGuard toGuard() {
      return new WebhookTargetGuard(allowPrivateNetworks, allowedNetworks);
    }

    public boolean isAllowPrivateNetworks() {
      return allowPrivateNetworks;
    }

    public void setAllowPrivateNetworks(boolean allowPrivateNetworks) {
      this.allowPrivateNetworks = allowPrivateNetworks;
    }

    public List<String> getAllowedNetworks() {
      return allowedNetworks;
    }

    public void setAllowedNetworks(List<String> allowedNetworks) {
      this.allowedNetworks = allowedNetworks == null ? new ArrayList<>() : allowedNetworks;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Duration getClaimLease() {
      return claimLease;
    }

    public void setClaimLease(Duration claimLease) {
      this.claimLease = claimLease;
    }

    public Backoff getBackoff() {
      return backoff;
    }
  }

  public static class Backoff {
    private static final BackoffPolicy DEFAULTS = BackoffPolicy.defaults();
    private Duration initialDelay = DEFAULTS.initialDelay();
    private double multiplier = DEFAULTS.multiplier();
    private Duration maxDelay = DEFAULTS.maxDelay();
    private double jitter = DEFAULTS.jitter();
    private int maxAttempts = DEFAULTS.maxAttempts();

    BackoffPolicy toPolicy() {
      return new BackoffPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts);
    }

    public Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    public double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      this.jitter = jitter;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }
  }
}
