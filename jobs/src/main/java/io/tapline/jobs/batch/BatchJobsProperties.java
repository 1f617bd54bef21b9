package io.tapline.jobs.batch;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code tapline.jobs.batch.*}: binding only; {@link BatchSettings} validates. */
@ConfigurationProperties("tapline.jobs.batch")
public class BatchJobsProperties {
  private Path workDir = Path.of("data/work");
  /** 0 means one per two cores. */
  private int maxConcurrentCompositions = 0;
  private int maxConcurrentJobs = 4;
  private Duration abandonAfter = Duration.ZERO;
  private String defaultApplicationId = "default";
  /** On shutdown, how long running jobs get to stop at a step boundary. */
  private Duration shutdownGrace = Duration.ofSeconds(30);
  /** Cron (Spring syntax) for purgeExpired; empty disables. */
  private String purgeCron = "0 15 3 * * *";
  /** Cron (Spring syntax) for verifyArchive; empty disables. */
  private String verifyCron = "0 45 3 * * SUN";
  private boolean verifyDeep = false;
  private boolean verifyRepair = false;
  /** Fail executions left running by a dead worker when this one starts. */
  private boolean recoverOnStartup = true;
  /** How often executions running here beat. */
  private Duration heartbeatInterval = Duration.ofSeconds(10);
  /** Another worker's execution silent this long is failed and restarted here; 0 = off. */
  private Duration heartbeatTimeout = Duration.ofMinutes(1);
  /** This worker's name in heartbeat rows; blank = pid@host plus a random suffix. */
  private String nodeId = "";
  /** Heartbeat rows silent this long are deleted. */
  private Duration heartbeatRetention = HeartbeatSettings.DEFAULT_RETENTION;

  public HeartbeatSettings toHeartbeatSettings() {
    return new HeartbeatSettings(heartbeatInterval, heartbeatTimeout, nodeId, heartbeatRetention);
  }

  public Duration getHeartbeatRetention() {
    return heartbeatRetention;
  }

  public void setHeartbeatRetention(Duration heartbeatRetention) {
    this.heartbeatRetention = heartbeatRetention;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public void setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  public Duration getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  public void setHeartbeatTimeout(Duration heartbeatTimeout) {
    this.heartbeatTimeout = heartbeatTimeout;
  }

  public String getNodeId() {
    return nodeId;
  }

  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  public boolean isRecoverOnStartup() {
    return recoverOnStartup;
  }

  public void setRecoverOnStartup(boolean recoverOnStartup) {
    this.recoverOnStartup = recoverOnStartup;
  }

  public BatchSettings toSettings() {
    int compositions = maxConcurrentCompositions > 0 ? maxConcurrentCompositions
        : BatchSettings.defaultCompositions(Runtime.getRuntime().availableProcessors());
    return new BatchSettings(workDir, compositions, maxConcurrentJobs, abandonAfter,
        defaultApplicationId, shutdownGrace);
  }

  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  public Path getWorkDir() {
    return workDir;
  }

  public void setWorkDir(Path workDir) {
    this.workDir = workDir;
  }

  public int getMaxConcurrentCompositions() {
    return maxConcurrentCompositions;
  }

  public void setMaxConcurrentCompositions(int maxConcurrentCompositions) {
    this.maxConcurrentCompositions = maxConcurrentCompositions;
  }

  public int getMaxConcurrentJobs() {
    return maxConcurrentJobs;
  }

  public void setMaxConcurrentJobs(int maxConcurrentJobs) {
    this.maxConcurrentJobs = maxConcurrentJobs;
  }

  public Duration getAbandonAfter() {
    return abandonAfter;
  }

  public void setAbandonAfter(Duration abandonAfter) {
    this.abandonAfter = abandonAfter;
  }

  public String getDefaultApplicationId() {
    return defaultApplicationId;
  }

  public void setDefaultApplicationId(String defaultApplicationId) {
    this.defaultApplicationId = defaultApplicationId;
  }

  public String getPurgeCron() {
    return purgeCron;
  }

  public void setPurgeCron(String purgeCron) {
    this.purgeCron = purgeCron;
  }

  public String getVerifyCron() {
    return verifyCron;
  }

  public void setVerifyCron(String verifyCron) {
    this.verifyCron = verifyCron;
  }

  public boolean isVerifyDeep() {
    return verifyDeep;
  }

  public void setVerifyDeep(boolean verifyDeep) {
    this.verifyDeep = verifyDeep;
  }

  public boolean isVerifyRepair() {
    return verifyRepair;
  }

  public void setVerifyRepair(boolean verifyRepair) {
    this.verifyRepair = verifyRepair;
  }
}
