package io.tapline.sfu.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a token lets its holder do in a conversation. Wire names are lower case. */
public enum Role {
  PUBLISHER(EnumSet.of(Permission.PUBLISH, Permission.SUBSCRIBE, Permission.CHAT)),
  SUBSCRIBER(EnumSet.of(Permission.SUBSCRIBE, Permission.CHAT)),
  RECORDER(EnumSet.of(Permission.SUBSCRIBE, Permission.CONTROL_RECORDING)),
  MODERATOR(EnumSet.allOf(Permission.class));

  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = permissions;
  }

  public boolean allows(Permission permission) {
    return permissions.contains(permission);
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; null if unknown so callers can word their own error. */
  public static Role fromWireName(String name) {
    if (name == null) {
      return null;
    }
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    return null;
  }
}
