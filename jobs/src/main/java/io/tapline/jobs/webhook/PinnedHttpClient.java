package io.tapline.jobs.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client of webhook deliveries. Its only name resolution is {@link
 * WebhookTargetGuard#resolve}: the connection goes to an address the guard has just checked, while
 * TLS still names and verifies the URL's host (SNI, certificate). No redirects are followed, no
 * proxy is used, nothing is retried here (the outbox retries).
 */
public final class PinnedHttpClient implements AutoCloseable {
  private final CloseableHttpClient http;

  public PinnedHttpClient(WebhookTargetGuard guard, Duration connectTimeout, Duration requestTimeout) {
    DnsResolver checked = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.resolve(host);
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
    PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(checked)
        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofMilliseconds(requestTimeout.toMillis())).build())
        .setMaxConnTotal(20)
        .setMaxConnPerRoute(2)
        .build();
    this.http = HttpClients.custom()
        .setConnectionManager(connections)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
            .setResponseTimeout(Timeout.ofMilliseconds(requestTimeout.toMillis()))
            .setRedirectsEnabled(false)
            .build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .build();
  }

  /**
   * POSTs a JSON body; returns the status code.
   *
   * @throws BlockedTargetException when the host resolves to an address the guard refuses
   * @throws IOException when the request fails (refused, timed out, name unknown)
   */
  public int post(URI url, Map<String, String> headers, byte[] body) throws IOException {
    HttpPost post = new HttpPost(url);
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    return http.execute(post, response -> {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    });
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
