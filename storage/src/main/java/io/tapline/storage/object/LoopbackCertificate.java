package io.tapline.storage.object;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed ECDSA P-256 certificate for {@code 127.0.0.1} (IP subject alternative name, so
 * clients verify the host as usual), made in memory when the embedded server is created. The
 * private key never touches disk; clients trust exactly this certificate through {@link
 * S3Settings#trustedCertificatesPem()}.
 */
final class LoopbackCertificate {
  private static final String HOST = "127.0.0.1";
  /** Outlives any process; the certificate is pinned, not checked against a CA. */
  private static final Duration VALIDITY = Duration.ofDays(3650);

  private final KeyPair keys;
  private final X509Certificate certificate;

  private LoopbackCertificate(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  static LoopbackCertificate generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = g.generateKeyPair();
      X500Name name = new X500Name("CN=" + HOST + ", O=Tapline embedded S3");
      Instant now = Instant.now();
      var holder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name,
          pair.getPublic())
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(new GeneralName(GeneralName.iPAddress, HOST)))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new LoopbackCertificate(pair, new JcaX509CertificateConverter()
          .getCertificate(holder));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot generate the embedded S3 server's certificate", e);
    }
  }

  /** The server side: a TLS context presenting this certificate. */
  SSLContext serverContext() {
    try {
      char[] pw = new char[0];
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("s3", keys.getPrivate(), pw, new X509Certificate[] {certificate});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the embedded S3 server's TLS context", e);
    }
  }

  /** The certificate in PEM, what a client pins. */
  String pem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
