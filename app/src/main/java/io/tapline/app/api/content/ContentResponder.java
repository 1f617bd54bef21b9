package io.tapline.app.api.content;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tapline.storage.object.ContentStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * Answers a content download: 302 to a presigned GET of the object (the default: the bytes never
 * pass through this server), or, with {@code redirect=false} (or when the object is encrypted at
 * rest), the bytes streamed from the store with HTTP Range support (RFC 9110 section 14: 206 with
 * {@code Content-Range}, 416 for a range outside the content).
 */
public final class ContentResponder {
  private static final Logger log = LoggerFactory.getLogger(ContentResponder.class);
  private static final int BUFFER = 64 * 1024;

  private final ContentStore content;
  private final Duration presignExpiry;
  private final Counter redirects;
  private final Counter streamed;
  private final Counter ranges;

  public ContentResponder(ContentStore content, Duration presignExpiry, MeterRegistry meters) {
    this.content = content;
    this.presignExpiry = presignExpiry;
    this.redirects = Counter.builder("tapline.api.downloads").tag("mode", "redirect").register(meters);
    this.streamed = Counter.builder("tapline.api.downloads").tag("mode", "stream").register(meters);
    this.ranges = Counter.builder("tapline.api.downloads").tag("mode", "range").register(meters);
  }

  public void respond(StoredObject o, boolean redirect, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    if (redirect && !o.encrypted()) {
      URI url = content.presignGet(o.key(), presignExpiry);
      res.setStatus(HttpServletResponse.SC_FOUND);
      res.setHeader(HttpHeaders.LOCATION, url.toString());
      res.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      res.setContentLength(0);
      redirects.increment();
      return;
    }
    // Parsed, and the object opened, before any header is set: an unsatisfiable range becomes a
    // 416 problem, an object that cannot be opened (gone, a master key this node lacks, storage
    // down) a problem of its own rather than a body cut short under this object's length.
    Optional<ByteRange> range = ByteRange.parse(req.getHeader(HttpHeaders.RANGE), o.size());
    InputStream in;
    if (range.isPresent()) {
      in = content.open(o.key(), range.get().first(), range.get().last());
    } else {
      in = o.size() == 0 ? InputStream.nullInputStream() : content.open(o.key());
    }
    res.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    res.setHeader(HttpHeaders.ETAG, "\"" + o.sha256() + "\"");
    res.setHeader(HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename(o.downloadName(), StandardCharsets.UTF_8).build().toString());
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setContentType(o.contentType());
    if (range.isPresent()) {
      ByteRange r = range.get();
      res.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
      res.setHeader(HttpHeaders.CONTENT_RANGE, r.contentRange(o.size()));
      res.setContentLengthLong(r.length());
      ranges.increment();
    } else {
      res.setStatus(HttpServletResponse.SC_OK);
      res.setContentLengthLong(o.size());
      streamed.increment();
    }
    long copied = 0;
    try (InputStream src = in) {
      OutputStream out = res.getOutputStream();
      byte[] buf = new byte[BUFFER];
      for (int n; (n = src.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        copied += n;
      }
      out.flush();
    } catch (IOException e) {
      // Headers are sent: all we can do is cut the response short (the client sees the length
      // mismatch) and say why here.
      log.info("download of {} ended after {} bytes: {}", o.key(), copied, e.toString());
      throw e;
    }
  }
}
