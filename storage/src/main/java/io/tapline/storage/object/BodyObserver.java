package io.tapline.storage.object;

/**
 * Sees every byte of an upload once, in order, while it is being sent: a hash of the content can
 * then run beside the request instead of before it. Calls never overlap; all have returned when
 * the upload does. The array is the upload's own buffer: read it, do not keep it.
 */
@FunctionalInterface
public interface BodyObserver {
  BodyObserver NONE = (b, off, len) -> {};

  void observe(byte[] b, int off, int len);
}
