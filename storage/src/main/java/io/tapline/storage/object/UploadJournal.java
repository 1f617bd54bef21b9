package io.tapline.storage.object;

import java.util.List;

/**
 * Durable record of multipart uploads in progress, written before the first part is sent and
 * removed once the object is complete, so a restarted process can finish or abort them.
 */
public interface UploadJournal {
  void begin(PendingUpload upload);

  void end(String uploadId);

  List<PendingUpload> pending();

  /** For stream uploads that cannot be resumed anyway. */
  UploadJournal NONE = new UploadJournal() {
    @Override
    public void begin(PendingUpload upload) {}

    @Override
    public void end(String uploadId) {}

    @Override
    public List<PendingUpload> pending() {
      return List.of();
    }
  };
}
