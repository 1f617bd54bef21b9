package io.tapline.sfu.webrtc.dtls;

import io.tapline.sfu.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A browser-like DTLS-SRTP client ({@code a=setup:active}) for tests: its own certificate, the
 * server's fingerprint checked, use_srtp offered, keys exported as the client.
 */
public final class TestDtlsClient extends DefaultTlsClient {
  private final BcTlsCrypto bcCrypto;
  private final DtlsCertificate certificate;
  private final String serverFingerprint;
  private final int[] offeredProfiles;
  private SrtpProfile chosen;
  private byte[] material;

  public TestDtlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, String serverFingerprint,
      SrtpProfile... offered) {
    super(crypto);
    this.bcCrypto = crypto;
    this.certificate = certificate;
    this.serverFingerprint = serverFingerprint;
    this.offeredProfiles = new int[offered.length];
    for (int i = 0; i < offered.length; i++) {
      offeredProfiles[i] = offered[i].dtlsId();
    }
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  }

  @Override
  public Hashtable getClientExtensions() throws IOException {
    Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
    TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
    return ext;
  }

  @Override
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    chosen = d == null ? null : SrtpProfile.fromDtlsId(d.getProtectionProfiles()[0]);
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        String actual = DtlsFingerprint.sha256(
            serverCertificate.getCertificate().getCertificateAt(0).getEncoded());
        if (!actual.equals(serverFingerprint)) {
          throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint");
        }
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return certificate.signer(bcCrypto, context);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    material = context.exportKeyingMaterial(DtlsSrtpKeys.EXPORTER_LABEL, null,
        DtlsSrtpKeys.materialLength(chosen));
  }

  public DtlsSrtpKeys keys() {
    return DtlsSrtpKeys.split(chosen, material, false);
  }
}
