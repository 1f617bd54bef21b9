package io.tapline.sfu.webrtc.dtls;

import io.tapline.pipeline.packet.DropCounters;
import io.tapline.sfu.webrtc.srtp.SrtpContext;
import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import io.tapline.sfu.webrtc.srtp.SrtpSessionKeys;
import java.util.Arrays;

/**
 * The SRTP master keys of one DTLS-SRTP association, split from the exported keying material
 * (RFC 5764 section 4.2): client key, server key, client salt, server salt, in that order. "Local"
 * is our side's write key: the server's when we are the DTLS server.
 */
public final class DtlsSrtpKeys {
  /** RFC 5764 section 4.2. */
  public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

  private final SrtpProfile profile;
  private final byte[] localKey;
  private final byte[] localSalt;
  private final byte[] remoteKey;
  private final byte[] remoteSalt;

  private DtlsSrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
      byte[] remoteSalt) {
    this.profile = profile;
    this.localKey = localKey;
    this.localSalt = localSalt;
    this.remoteKey = remoteKey;
    this.remoteSalt = remoteSalt;
  }

  /** Bytes to export for a profile: 2 * (key + salt). */
  public static int materialLength(SrtpProfile profile) {
    return 2 * (profile.keyLength() + profile.saltLength());
  }

  public static DtlsSrtpKeys split(SrtpProfile profile, byte[] material, boolean weAreServer) {
    if (material.length != materialLength(profile)) {
      throw new IllegalArgumentException("keying material of " + material.length + " bytes, "
          + profile + " needs " + materialLength(profile));
    }
    int k = profile.keyLength();
    int s = profile.saltLength();
    byte[] clientKey = Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    return weAreServer
        ? new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
        : new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
  }

  public SrtpProfile profile() {
    return profile;
  }

  /** A context that protects what we send (our write key). */
  public SrtpContext outbound(DropCounters drops) {
    return new SrtpContext(SrtpSessionKeys.derive(profile, localKey, localSalt), drops);
  }

  /** A context that unprotects what the peer sends (its write key). */
  public SrtpContext inbound(DropCounters drops) {
    return new SrtpContext(SrtpSessionKeys.derive(profile, remoteKey, remoteSalt), drops);
  }
}
