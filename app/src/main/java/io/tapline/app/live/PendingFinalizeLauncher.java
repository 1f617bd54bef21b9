package io.tapline.app.live;

import io.tapline.jobs.schedule.FinalizeLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Used until the finalize batch job is wired (the {@code jobs-batch} work provides a {@link
 * FinalizeLauncher} bean that replaces this one). The recording stays STOPPED in the index, with its
 * segments and manifest in the recordings directory, ready for the job to pick up.
 */
public final class PendingFinalizeLauncher implements FinalizeLauncher {
  private static final Logger log = LoggerFactory.getLogger(PendingFinalizeLauncher.class);

  @Override
  public void launch(String recordingId) {
    log.warn("Recording {} stopped; no finalize job is installed in this build, it stays STOPPED", recordingId);
  }
}
