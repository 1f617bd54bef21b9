package io.tapline.app.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers of the web console's pages and files ({@code /console/**}): scripts, styles and
 * API calls only from this origin, no inline code, no framing, no referrer (a presigned link's
 * query must not leak), no content sniffing. The console needs no key to load; it sends the
 * operator's key with each {@code /api} call, which {@code ApiKeyFilter} checks.
 */
public final class ConsoleHeaders extends OncePerRequestFilter {
  /** Everything from this origin only (data: images for the browser's own icons). */
  public static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
      + "frame-ancestors 'none'";

  @Override
  protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    res.setHeader("Content-Security-Policy", POLICY);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "no-referrer");
    // An upgraded server must not leave a tab on yesterday's modules.
    res.setHeader("Cache-Control", "no-cache");
    chain.doFilter(req, res);
  }
}
