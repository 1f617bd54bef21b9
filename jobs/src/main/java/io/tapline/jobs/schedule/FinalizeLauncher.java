package io.tapline.jobs.schedule;

/**
 * Port to the finalize batch job. Its job instance is identified by the recording id, so launching
 * twice for one recording runs it once.
 */
public interface FinalizeLauncher {
  void launch(String recordingId);
}
