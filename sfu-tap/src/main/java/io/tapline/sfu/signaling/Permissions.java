package io.tapline.sfu.signaling;

import io.tapline.sfu.auth.Permission;
import io.tapline.sfu.signaling.SignalingConnection.Membership;

/** Role checks, worded for the client. */
final class Permissions {
  private Permissions() {}

  static void require(Membership m, Permission permission, String action) {
    if (!m.claims().role().allows(permission)) {
      throw new SignalingException(
          ErrorCode.FORBIDDEN, "role '" + m.claims().role().wireName() + "' may not " + action);
    }
  }
}
