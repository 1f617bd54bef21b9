package io.tapline.app.config;

import io.tapline.storage.object.ExpectContinue;
import io.tapline.storage.object.PartChecksum;
import io.tapline.storage.object.PayloadSigning;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the application under {@code tapline.*}, with defaults and units
 * (docs/configuration.md). Environment variables override them: {@code TAPLINE_DATA_DIR},
 * {@code TAPLINE_STORAGE_S3_ENDPOINT}, {@code TAPLINE_TOKENS_SECRET} and so on.
 *
 * @param dataDir everything local lives under it: index database, embedded S3 data, recordings
 */
@ConfigurationProperties("tapline")
public record TaplineProperties(
    @DefaultValue("./tapline-data") Path dataDir,
    @DefaultValue Storage storage,
    @DefaultValue Media media,
    @DefaultValue Conversations conversations,
    @DefaultValue Tokens tokens,
    @DefaultValue Api api,
    @DefaultValue Signaling signaling,
    @DefaultValue WebRtc webrtc) {

  public TaplineProperties {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** Where recordings of the live tap are written. */
  public Path recordingsDir() {
    return dataDir.resolve("recordings");
  }

  /**
   * @param indexUrl JDBC URL of the index database; empty = H2 file under the data directory
   * @param s3Endpoint an S3-compatible service; empty = the embedded server under the data directory
   * @param embeddedS3Port port of the embedded S3 server on 127.0.0.1 (0 = any free port)
   * @param recoverGrace at start-up, unjournaled multipart uploads older than this are aborted
   *     ({@code ContentStore.recover}); younger ones may belong to another node still uploading
   * @param encryptionKeys master keys for encryption at rest, each {@code id:base64(32 bytes)}; the
   *     first encrypts new objects, all of them decrypt; empty = objects are stored in the clear
   * @param encryptionKeyFile a file with more such keys, one per line ({@code #} comments), read
   *     after {@code encryptionKeys} (a mounted secret rather than an environment variable)
   * @param s3PathStyle with {@code s3Endpoint}: {@code host/bucket/key} URLs (MinIO, Ceph, S3Proxy)
   *     rather than {@code bucket.host/key} (AWS's virtual-hosted style)
   * @param s3TrustedCertificates with an {@code https} {@code s3Endpoint}: a PEM file of the only
   *     certificates trusted (an operator's private CA); absent = the JVM's CAs
   * @param s3PartSize multipart part size; objects this large or larger are sent in parts, each
   *     buffered in memory ({@code s3UploadConcurrency} of them per upload)
   * @param s3UploadConcurrency parts of one object in flight at once
   * @param s3PartChecksum the checksum every PUT and part carries for the server to verify
   * @param s3PayloadSigning whether bodies are covered by SigV4 ({@code auto}: only over plain
   *     HTTP to another host)
   * @param s3ExpectContinue whether uploads wait for {@code 100 Continue} ({@code auto}: not
   *     towards a loopback endpoint)
   */
  public record Storage(
      String indexUrl,
      @DefaultValue("") String indexUser,
      @DefaultValue("") String indexPassword,
      URI s3Endpoint,
      @DefaultValue("us-east-1") String s3Region,
      String s3AccessKey,
      String s3SecretKey,
      @DefaultValue("tapline") String bucket,
      @DefaultValue("0") int embeddedS3Port,
      @DefaultValue("1h") Duration recoverGrace,
      @DefaultValue("") List<String> encryptionKeys,
      Path encryptionKeyFile,
      @DefaultValue("true") boolean s3PathStyle,
      Path s3TrustedCertificates,
      @DefaultValue("16MB") DataSize s3PartSize,
      @DefaultValue("4") int s3UploadConcurrency,
      @DefaultValue("crc32c") PartChecksum s3PartChecksum,
      @DefaultValue("auto") PayloadSigning s3PayloadSigning,
      @DefaultValue("auto") ExpectContinue s3ExpectContinue) {

    public boolean externalIndex() {
      return indexUrl != null && !indexUrl.isBlank();
    }

    public boolean externalS3() {
      return s3Endpoint != null;
    }
  }

  /**
   * @param bindAddress where RTP/RTCP ports are bound
   * @param advertisedAddress what publishers are told to send to (empty = bindAddress)
   * @param minPort lowest RTP port (0 = ephemeral ports)
   * @param segmentDuration how long a segment file of the tap covers before it rolls
   * @param ioSpin how long an I/O thread polls after the last datagram before it blocks (0 = never)
   */
  public record Media(
      @DefaultValue("127.0.0.1") String bindAddress,
      String advertisedAddress,
      @DefaultValue("0") int minPort,
      @DefaultValue("0") int maxPort,
      @DefaultValue("2") int ioThreads,
      @DefaultValue("10s") Duration segmentDuration,
      @DefaultValue("0ms") Duration ioSpin) {}

  /**
   * The WebRTC transport: every browser connection of this node on one UDP port.
   *
   * @param enabled whether browsers can publish and subscribe over WebRTC
   * @param bindAddress where the shared UDP port is bound
   * @param port the shared UDP port (0 = an ephemeral port, logged at start)
   * @param advertisedAddress the address in the ICE host candidate (empty = bindAddress); the public
   *     address behind a 1:1 NAT
   * @param consentTimeout a connection without a valid ICE check for this long has lost consent
   *     (RFC 7675) and is closed
   * @param handshakeTimeout longest DTLS handshake
   * @param iceServers STUN/TURN URLs handed to browsers in {@code joined} (empty: an ICE-lite server
   *     with a reachable host candidate needs none)
   * @param peerNetworks CIDR blocks browsers may connect from (empty: any); datagrams from other
   *     sources are dropped before ICE answers, so such a candidate pair is never selected
   * @param tcpPort the ICE-TCP listener (RFC 6544 passive candidate) on the bind address: -1 = off
   *     (no TCP candidate), 0 = an ephemeral port, else that port
   * @param tcpMaxConnections ICE-TCP connections open at once; more are closed and counted
   * @param tcpIdleTimeout an ICE-TCP connection without an authenticated check this long after its
   *     accept is closed
   * @param tcpSendQueue frames queued per ICE-TCP connection before further ones are dropped
   */
  public record WebRtc(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("127.0.0.1") String bindAddress,
      @DefaultValue("0") int port,
      @DefaultValue("") String advertisedAddress,
      @DefaultValue("30s") Duration consentTimeout,
      @DefaultValue("10s") Duration handshakeTimeout,
      @DefaultValue List<String> iceServers,
      @DefaultValue List<String> peerNetworks,
      @DefaultValue("-1") int tcpPort,
      @DefaultValue("256") int tcpMaxConnections,
      @DefaultValue("10s") Duration tcpIdleTimeout,
      @DefaultValue("512") int tcpSendQueue) {}

  /** @param emptyGrace how long a conversation whose last participant left waits before it ends */
  public record Conversations(@DefaultValue("60s") Duration emptyGrace) {}

  /**
   * @param secret HMAC secret for join tokens (at least 32 bytes); empty = generated once and kept in
   *     {@code <dataDir>/token-secret}
   * @param defaultTtl validity of a token when the request names none
   * @param maxTtl the longest validity a request may ask for
   */
  public record Tokens(
      String secret,
      @DefaultValue("1h") Duration defaultTtl,
      @DefaultValue("24h") Duration maxTtl) {}

  /**
   * @param maxRequestSize largest request body the API reads
   * @param defaultPageSize items per page when the request names no limit
   * @param maxPageSize the largest limit a request may ask for
   * @param maxUploadSize largest file a conversation file upload may carry
   * @param presignExpiry how long a presigned download URL stays valid (a download redirect, the
   *     URLs a recording's GET lists, the segment URIs of a served HLS playlist)
   * @param hlsChainInterval how often HLS requests waiting for their source composition are checked
   *     (to launch their packaging once it is stored)
   */
  public record Api(
      @DefaultValue("64KB") DataSize maxRequestSize,
      @DefaultValue("50") int defaultPageSize,
      @DefaultValue("200") int maxPageSize,
      @DefaultValue("100MB") DataSize maxUploadSize,
      @DefaultValue("15m") Duration presignExpiry,
      @DefaultValue("2s") Duration hlsChainInterval) {

    public Api {
      if (maxUploadSize.toBytes() < 1) {
        throw new IllegalArgumentException("tapline.api.max-upload-size must be at least 1 byte");
      }
      if (presignExpiry.isNegative() || presignExpiry.isZero() || presignExpiry.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("tapline.api.presign-expiry must be within (0, 7d]");
      }
      if (hlsChainInterval.toMillis() < 100) {
        throw new IllegalArgumentException("tapline.api.hls-chain-interval must be at least 100ms");
      }
    }
  }

  /**
   * @param path WebSocket path of the signaling endpoint
   * @param maxMessageSize largest signaling message accepted
   * @param sendQueueLimit messages queued for one slow client before it is disconnected
   */
  public record Signaling(
      @DefaultValue("/signaling") String path,
      @DefaultValue("64KB") DataSize maxMessageSize,
      @DefaultValue("1000") int sendQueueLimit) {}
}
