package io.tapline.storage.retention;

import io.tapline.storage.StorageException;
import io.tapline.storage.index.Conversation;
import io.tapline.storage.index.ConversationRepository;
import io.tapline.storage.index.FileRecord;
import io.tapline.storage.index.FileRepository;
import io.tapline.storage.index.PageRequest;
import io.tapline.storage.index.Recording;
import io.tapline.storage.index.RecordingQuery;
import io.tapline.storage.index.RecordingRepository;
import io.tapline.storage.index.RecordingStatus;
import io.tapline.storage.index.StoredRef;
import io.tapline.storage.object.ContentStore;
import io.tapline.storage.object.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * fsck for storage: compares what the index says with what the object store holds. Reports
 * objects missing, orphaned and mismatched (size; with {@code deep}, the plaintext SHA-256, read
 * back and decrypted). Repair deletes orphans older than a grace period (younger ones may be
 * uploads about to be indexed), drops file rows whose object is gone, and marks recordings with a
 * missing or corrupt object FAILED; it never deletes an indexed object.
 */
public final class IntegrityChecker {
  static final String ROOT = "conversations/";
  private final ContentStore content;
  private final ConversationRepository conversations;
  private final RecordingRepository recordings;
  private final FileRepository files;
  private final Clock clock;

  public IntegrityChecker(ContentStore content, ConversationRepository conversations,
      RecordingRepository recordings, FileRepository files, Clock clock) {
    this.content = content;
    this.conversations = conversations;
    this.recordings = recordings;
    this.files = files;
    this.clock = clock;
  }

  /**
   * @param deep also hash every object's plaintext (reads everything back)
   * @param repair fix what can be fixed safely (see class doc)
   * @param orphanGrace orphans younger than this are reported but never deleted
   */
  public FsckReport check(boolean deep, boolean repair, Duration orphanGrace) {
    Map<String, ObjectInfo> stored = new HashMap<>();
    for (ObjectInfo o : content.objects().list(ROOT)) {
      stored.put(o.key(), o);
    }
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    List<String> repaired = new ArrayList<>();
    int checked = 0;
    for (var page = conversations.list(PageRequest.first(100)); ; page =
        conversations.list(page.request().next())) {
      for (Conversation c : page.items()) {
        for (var recs = recordings.find(new RecordingQuery(c.id(), null, null, null, null),
            PageRequest.first(100)); ; recs = recordings.find(new RecordingQuery(c.id(), null,
            null, null, null), recs.request().next())) {
          for (Recording r : recs.items()) {
            boolean bad = false;
            if (r.manifestKey() != null) {
              ObjectInfo m = stored.remove(r.manifestKey());
              if (m == null) {
                missing.add(r.manifestKey());
                bad = true;
              }
            }
            for (StoredRef ref : recordings.objects(r.id())) {
              checked++;
              switch (verify(ref, stored.remove(ref.key()), deep)) {
                case MISSING -> {
                  missing.add(ref.key());
                  bad = true;
                }
                case MISMATCH -> {
                  mismatched.add(ref.key());
                  bad = true;
                }
                default -> { }
              }
            }
            if (bad && repair && r.status() != RecordingStatus.FAILED) {
              recordings.changeStatus(r.id(), RecordingStatus.FAILED, clock.instant());
              repaired.add("recording " + r.id() + " marked FAILED");
            }
          }
          if (!recs.hasNext()) {
            break;
          }
        }
        for (FileRecord f : files.all(c.id())) {
          checked++;
          Outcome o = verify(f.object(), stored.remove(f.object().key()), deep);
          if (o == Outcome.MISSING) {
            missing.add(f.object().key());
            if (repair) {
              files.delete(c.id(), f.id());
              repaired.add("file row " + f.id() + " removed (object gone)");
            }
          } else if (o == Outcome.MISMATCH) {
            mismatched.add(f.object().key());
          }
        }
      }
      if (!page.hasNext()) {
        break;
      }
    }
    List<String> orphaned = new ArrayList<>(stored.keySet());
    orphaned.sort(null);
    if (repair) {
      Instant cutoff = clock.instant().minus(orphanGrace);
      for (String key : orphaned) {
        ObjectInfo o = stored.get(key);
        if (o.lastModified() != null && o.lastModified().isBefore(cutoff)) {
          content.objects().delete(key);
          repaired.add("orphan " + key + " deleted");
        }
      }
    }
    return new FsckReport(checked, missing, orphaned, mismatched, repaired);
  }

  private enum Outcome { OK, MISSING, MISMATCH }

  private Outcome verify(StoredRef ref, ObjectInfo obj, boolean deep) {
    if (obj == null) {
      return Outcome.MISSING;
    }
    if (obj.size() != ref.storedSize()) {
      return Outcome.MISMATCH;
    }
    if (deep) {
      try (InputStream in = content.open(ref.key())) {
        return sha256(in).equals(ref.sha256()) ? Outcome.OK : Outcome.MISMATCH;
      } catch (IOException e) {
        throw StorageException.unavailable("cannot read " + ref.key(), e);
      } catch (StorageException e) {
        if (e.isCallerFault() || e instanceof io.tapline.storage.crypto.KeyUnavailableException) {
          throw e;
        }
        return Outcome.MISMATCH; // authentication failure of an encrypted object: corrupt
      }
    }
    return Outcome.OK;
  }

  private static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
