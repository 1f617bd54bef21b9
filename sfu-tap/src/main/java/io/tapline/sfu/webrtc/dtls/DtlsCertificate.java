package io.tapline.sfu.webrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A DTLS identity: an ECDSA P-256 key pair and a self-signed certificate, made at start (WebRTC
 * authenticates certificates by the fingerprint in the SDP, RFC 8122 section 5, not by a CA).
 * Immutable; one per media plane is enough, as browsers do per peer connection.
 */
public final class DtlsCertificate {
  private final byte[] der;
  private final AsymmetricKeyParameter privateKey;
  private final String fingerprint;

  private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
    this.der = der;
    this.privateKey = privateKey;
    this.fingerprint = DtlsFingerprint.sha256(der);
  }

  /** Generates a fresh key pair and a certificate valid from a day ago for 30 days. */
  public static DtlsCertificate generate(SecureRandom random) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = gen.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=tapline");
      // A random positive serial: browsers cache by issuer and serial.
      BigInteger serial = new BigInteger(63, random);
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, serial,
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
          name, pair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new DtlsCertificate(holder.getEncoded(),
          PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate an ECDSA P-256 certificate", e);
    }
  }

  /** The SDP value, e.g. {@code sha-256 4A:AD:...} (RFC 8122 section 5). */
  public String fingerprint() {
    return fingerprint;
  }

  byte[] der() {
    return der.clone();
  }

  /** The TLS signer for one handshake: ECDSA with SHA-256 over this certificate. */
  TlsCredentialedSigner signer(BcTlsCrypto crypto, TlsContext context) throws IOException {
    TlsCertificate cert = crypto.createCertificate(der);
    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
        privateKey, new Certificate(new TlsCertificate[] {cert}),
        SignatureAndHashAlgorithm.getInstance(
            org.bouncycastle.tls.HashAlgorithm.sha256,
            org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
  }
}
