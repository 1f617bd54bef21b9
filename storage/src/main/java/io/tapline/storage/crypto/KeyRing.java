package io.tapline.storage.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The master keys an operator has configured: the first encrypts new objects, all of them decrypt
 * (so a rotated-out key still opens old recordings).
 */
public final class KeyRing {
  private final MasterKey current;
  private final Map<String, MasterKey> byId;

  public KeyRing(List<MasterKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one key");
    }
    Map<String, MasterKey> m = new LinkedHashMap<>();
    for (MasterKey k : keys) {
      if (m.put(k.id(), k) != null) {
        throw new IllegalArgumentException("duplicate key id " + k.id());
      }
    }
    this.current = keys.get(0);
    this.byId = Map.copyOf(m);
  }

  public static KeyRing of(MasterKey... keys) {
    return new KeyRing(List.of(keys));
  }

  public MasterKey current() {
    return current;
  }

  /** How many keys can decrypt (the current one included). */
  public int size() {
    return byId.size();
  }

  public Optional<MasterKey> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
