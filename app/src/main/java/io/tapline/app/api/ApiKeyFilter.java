package io.tapline.app.api;

import io.tapline.app.auth.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <key>} on every {@code /api/**} request; the key's application is
 * put in the request for the controllers ({@link #APPLICATION}). Also refuses bodies larger than the
 * configured limit before anything reads them.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {
  public static final String APPLICATION = "tapline.application";

  /** {@code POST /api/v1/conversations/{id}/files}: the one endpoint that takes large bodies. */
  static final Pattern UPLOAD = Pattern.compile("/api/v1/conversations/[^/]+/files/?");

  private final ApiKeys keys;
  private final long maxRequestBytes;
  private final long maxUploadBytes;

  /**
   * @param maxRequestBytes largest body of a JSON request
   * @param maxUploadBytes largest body of a file upload (the multipart request, framing included)
   */
  public ApiKeyFilter(ApiKeys keys, long maxRequestBytes, long maxUploadBytes) {
    this.keys = keys;
    this.maxRequestBytes = maxRequestBytes;
    this.maxUploadBytes = maxUploadBytes;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    String header = req.getHeader("Authorization");
    if (header == null || header.isBlank()) {
      refuse(res, req, HttpStatus.UNAUTHORIZED, "unauthorized",
          "no API key: send 'Authorization: Bearer <key>' (create one with 'tapline apikey create --app NAME')");
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refuse(res, req, HttpStatus.UNAUTHORIZED, "unauthorized",
          "the Authorization header must be 'Bearer <key>'");
      return;
    }
    Optional<String> app = keys.authenticate(header.substring(7).trim());
    if (app.isEmpty()) {
      refuse(res, req, HttpStatus.UNAUTHORIZED, "unauthorized", "the API key is unknown or revoked");
      return;
    }
    boolean upload = "POST".equals(req.getMethod()) && UPLOAD.matcher(req.getRequestURI()).matches();
    long limit = upload ? maxUploadBytes : maxRequestBytes;
    long length = req.getContentLengthLong();
    if (length > limit) {
      refuse(res, req, HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
          "the request body has " + length + " bytes; the limit is " + limit);
      return;
    }
    // An upload may be chunked: the multipart limits and the file service's count its bytes.
    if (!upload && length < 0 && req.getHeader("Transfer-Encoding") != null) {
      refuse(res, req, HttpStatus.LENGTH_REQUIRED, "length-required",
          "send the body with a Content-Length (at most " + maxRequestBytes + " bytes)");
      return;
    }
    req.setAttribute(APPLICATION, app.get());
    chain.doFilter(req, res);
  }

  private static void refuse(HttpServletResponse res, HttpServletRequest req, HttpStatus status, String type,
      String detail) throws IOException {
    res.setStatus(status.value());
    res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (status == HttpStatus.UNAUTHORIZED) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"tapline\"");
    }
    res.getOutputStream().write(
        Problems.json(status, type, detail, req.getRequestURI()).getBytes(StandardCharsets.UTF_8));
  }
}
