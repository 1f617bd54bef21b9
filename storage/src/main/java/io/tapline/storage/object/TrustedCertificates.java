package io.tapline.storage.object;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust from PEM certificates: the embedded server's self-signed certificate, or the private
 * CA of an operator's S3 service. Only the given certificates are trusted (not the JVM's CAs), and
 * host names are still verified against them.
 */
public final class TrustedCertificates {
  private TrustedCertificates() {}

  /** Trust managers that accept chains ending in one of the PEM certificates. */
  public static TrustManager[] trustManagers(String pem) {
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("no certificate in the trusted PEM");
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("trusted-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("trusted certificates are not valid PEM X.509: "
          + e.getMessage(), e);
    }
  }

  /** A client TLS context with that trust (for HTTP clients other than the SDK's). */
  public static SSLContext clientContext(String pem) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustManagers(pem), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
