package io.tapline.sfu.webrtc.dtls;

import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The bctls server callbacks for one DTLS-SRTP association: DTLS 1.2 only, ECDHE_ECDSA suites, a
 * required client certificate whose SHA-256 fingerprint must equal the remote SDP's (RFC 5763
 * section 5), use_srtp negotiation (RFC 5764 section 4.1.1) and key export on completion.
 */
final class SrtpTlsServer extends DefaultTlsServer {
  /** Our preference: GCM (one pass over the bytes), then AES-CM, which every browser offers. */
  private static final SrtpProfile[] PREFERENCE = {
    SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80,
  };
  private static final int[] SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
  };

  private final DtlsCertificate certificate;
  private final String expectedFingerprint;
  private final int handshakeTimeoutMillis;
  private final BcTlsCrypto bcCrypto;
  private SrtpProfile chosen;
  private byte[] material;
  private String refusal;
  private String refusalReason;

  SrtpTlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, String expectedFingerprint,
      int handshakeTimeoutMillis) {
    super(crypto);
    this.bcCrypto = crypto;
    this.certificate = certificate;
    this.expectedFingerprint = expectedFingerprint;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return certificate.signer(bcCrypto, context);
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return handshakeTimeoutMillis;
  }

  @Override
  public CertificateRequest getCertificateRequest() {
    // RFC 5763 section 5: the client must present the certificate its SDP fingerprint names.
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    if (clientCertificate == null || clientCertificate.isEmpty()) {
      throw refuse("dtls.no_certificate", "the client sent no certificate",
          AlertDescription.handshake_failure);
    }
    String actual = DtlsFingerprint.sha256(clientCertificate.getCertificateAt(0).getEncoded());
    if (!actual.equals(expectedFingerprint)) {
      throw refuse("dtls.fingerprint", "client certificate is " + actual + ", the SDP said "
          + expectedFingerprint, AlertDescription.bad_certificate);
    }
  }

  @Override
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (offered != null) {
      for (SrtpProfile p : PREFERENCE) {
        for (int id : offered.getProtectionProfiles()) {
          if (chosen == null && id == p.dtlsId()) {
            chosen = p;
          }
        }
      }
    }
    if (chosen == null) {
      throw refuse("dtls.no_srtp_profile", "the client offered no SRTP profile we support",
          AlertDescription.handshake_failure);
    }
  }

  @Override
  public Hashtable getServerExtensions() throws IOException {
    Hashtable ext = super.getServerExtensions();
    // Section 4.1.1: echo exactly one profile and an empty MKI.
    TlsSRTPUtils.addUseSRTPExtension(ext,
        new UseSRTPData(new int[] {chosen.dtlsId()}, TlsUtils.EMPTY_BYTES));
    return ext;
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    material = context.exportKeyingMaterial(DtlsSrtpKeys.EXPORTER_LABEL, null,
        DtlsSrtpKeys.materialLength(chosen));
  }

  DtlsSrtpKeys keys() {
    return DtlsSrtpKeys.split(chosen, material, true);
  }

  /** The reason this side refused the handshake, or null. */
  String refusalReason() {
    return refusalReason;
  }

  String refusal() {
    return refusal;
  }

  private TlsFatalAlert refuse(String reason, String detail, short alert) {
    refusalReason = reason;
    refusal = detail;
    return new TlsFatalAlert(alert, detail);
  }
}
