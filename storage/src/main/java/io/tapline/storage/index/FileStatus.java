package io.tapline.storage.index;

/** An exchanged file is indexed only once stored; DELETING marks a delete in progress. */
public enum FileStatus {
  AVAILABLE, DELETING
}
