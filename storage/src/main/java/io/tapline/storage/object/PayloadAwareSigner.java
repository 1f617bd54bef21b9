package io.tapline.storage.object;

import static software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED;
import static software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The SDK's own SigV4 signer with the payload decision made by {@link S3Settings#signsPayload()}
 * instead of by the scheme alone. The SDK signs every body sent over plain HTTP (a SHA-256 pass in
 * the client, and S3Proxy then buffers and re-hashes the body), even to 127.0.0.1 where nothing can
 * alter it in transit. For an unsigned body over HTTP the request is signed as if it were HTTPS and
 * then sent over HTTP: the canonical request holds no scheme, only the {@code Host} header, which
 * is checked to be what the HTTP client will send. Headers, key, method and the part checksum
 * header stay signed and checked by the server. aws-chunked encoding is never used (not every S3
 * clone speaks it).
 */
final class PayloadAwareSigner implements HttpSigner<AwsCredentialsIdentity> {
  private static final String HOST = "Host";

  private final AwsV4HttpSigner v4 = AwsV4HttpSigner.create();
  private final boolean signPayload;

  PayloadAwareSigner(boolean signPayload) {
    this.signPayload = signPayload;
  }

  /** The SigV4 auth scheme ({@code aws.auth#sigv4}) with this signer, for {@code putAuthScheme}. */
  static AuthScheme<AwsCredentialsIdentity> scheme(boolean signPayload) {
    PayloadAwareSigner signer = new PayloadAwareSigner(signPayload);
    return new AuthScheme<>() {
      @Override
      public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
      }

      @Override
      public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders p) {
        return p.identityProvider(AwsCredentialsIdentity.class);
      }

      @Override
      public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
      }
    };
  }

  @Override
  public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
    SignRequest<? extends AwsCredentialsIdentity> r = request.toBuilder()
        .putProperty(PAYLOAD_SIGNING_ENABLED, signPayload)
        .putProperty(CHUNK_ENCODING_ENABLED, false)
        .build();
    SdkHttpRequest http = r.request();
    if (signPayload || "https".equals(http.protocol()) || r.payload().isEmpty()) {
      return v4.sign(r);
    }
    SignedRequest asHttps = v4.sign(r.toBuilder()
        .request(http.toBuilder().protocol("https").build()).build());
    SdkHttpRequest back = asHttps.request().toBuilder().protocol(http.protocol()).build();
    if (!hostHeader(back).equals(back.firstMatchingHeader(HOST).orElse(null))) {
      // An explicit :80 or :443 reads differently per scheme; sign the payload rather than guess.
      return v4.sign(r.toBuilder().putProperty(PAYLOAD_SIGNING_ENABLED, true).build());
    }
    return asHttps.toBuilder().request(back).build();
  }

  @Override
  public CompletableFuture<AsyncSignedRequest> signAsync(
      AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
    // Only the synchronous client is built (S3Clients); the properties still apply here.
    return v4.signAsync(request.toBuilder()
        .putProperty(PAYLOAD_SIGNING_ENABLED, signPayload)
        .putProperty(CHUNK_ENCODING_ENABLED, false)
        .build());
  }

  /** The Host header the HTTP client sends for {@code r}. */
  static String hostHeader(SdkHttpRequest r) {
    return SdkHttpUtils.isUsingStandardPort(r.protocol(), r.port()) ? r.host()
        : r.host() + ":" + r.port();
  }
}
