package io.tapline.storage.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What goes on the wire for a PutObject, read by a bare HTTP/1.1 server socket on 127.0.0.1: with
 * {@link ExpectContinue#AUTO} towards loopback (and NEVER) no {@code Expect} header, so the body
 * follows the headers at once; with ALWAYS the SDK's {@code Expect: 100-continue}.
 */
class ExpectContinueWireTest {

  @Test
  void loopbackUploadsSendTheBodyWithTheHeadersUnlessToldToWait() throws Exception {
    for (ExpectContinue mode : ExpectContinue.values()) {
      try (var server = new HeaderRecorder()) {
        S3Settings s = S3Settings.builder()
            .endpoint(URI.create("http://127.0.0.1:" + server.port()))
            .retry(RetryPolicy.NONE).expectContinue(mode).build();
        try (var s3 = S3Clients.client(s)) {
          s3.putObject(b -> b.bucket(s.bucket()).key("k"), RequestBody.fromString("hello"));
        }
        assertEquals(1, server.requests.size(), mode + ": " + server.requests);
        String head = server.requests.get(0).toLowerCase(Locale.ROOT);
        assertTrue(head.startsWith("put /tapline/k "), head);
        boolean expects = head.contains("\r\nexpect: 100-continue");
        assertEquals(mode == ExpectContinue.ALWAYS, expects, mode + ": " + head);
        assertEquals(mode == ExpectContinue.ALWAYS, s.expectsContinue());
        assertEquals("hello", server.bodies.get(0));
      }
    }
  }

  @Test
  void autoWaitsTowardsAnyOtherHost() {
    S3Settings remote = S3Settings.builder().endpoint(URI.create("http://s3.example.net:9000"))
        .build();
    assertTrue(remote.expectsContinue());
    assertTrue(S3Settings.builder().build().expectsContinue()); // no endpoint: AWS itself
    assertFalse(remote.toBuilder().expectContinue(ExpectContinue.NEVER).build().expectsContinue());
    assertFalse(remote.toBuilder().endpoint(URI.create("https://[::1]:9443")).build()
        .expectsContinue());
    assertTrue(remote.toString().contains("expectContinue=AUTO (true)"), remote.toString());
  }

  /** Accepts one connection at a time, records each request head and body, answers 200. */
  private static final class HeaderRecorder implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread thread;

    HeaderRecorder() throws IOException {
      socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      thread = new Thread(this::serve, "expect-continue-recorder");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket c = socket.accept()) {
          c.setSoTimeout(10_000);
          InputStream in = c.getInputStream();
          OutputStream out = c.getOutputStream();
          while (true) {
            String head = readHead(in);
            if (head == null) {
              break;
            }
            requests.add(head);
            if (head.toLowerCase(Locale.ROOT).contains("\r\nexpect: 100-continue")) {
              out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
            }
            int length = contentLength(head);
            bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            out.write(("HTTP/1.1 200 OK\r\nETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        } catch (IOException e) {
          // closed, or the client went away: next connection
        }
      }
    }

    private static String readHead(InputStream in) throws IOException {
      var head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          return Integer.parseInt(line.substring(15).trim());
        }
      }
      return 0;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
