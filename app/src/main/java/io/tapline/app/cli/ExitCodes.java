package io.tapline.app.cli;

/**
 * Exit codes shared by every command, listed in each command's help. Picocli itself answers 2 for
 * a bad command line.
 */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;
  /** The work failed: composition failed, an input could not be read, a download did not match its checksum. */
  public static final int FAILED = 1;
  /** Bad command line: unknown option, missing or invalid argument. */
  public static final int USAGE = 2;
  /** The server refused the API key (401) or this application may not see the resource (403). */
  public static final int AUTH = 3;
  /** The server has no such conversation, recording, composition or file (404). */
  public static final int NOT_FOUND = 4;
  /** The server rejected the request otherwise (400, 409, 413, 422, ...). */
  public static final int REJECTED = 5;
  /** The server failed (5xx), could not be reached, or answered something that is not the API. */
  public static final int SERVER = 6;

  /** The help section naming the codes, for commands that talk to a server (picocli expands %n). */
  static final String REMOTE_HELP = "%nExit codes:%n"
      + "  0  done%n"
      + "  1  failed: download did not match its sha256, file not writable%n"
      + "  2  bad command line%n"
      + "  3  API key refused (401) or not allowed (403): see --api-key%n"
      + "  4  not found (404)%n"
      + "  5  request rejected (other 4xx)%n"
      + "  6  server error (5xx), unreachable, or not a Tapline server: see --url";

  private ExitCodes() {}

  /** The code for an HTTP error status. */
  static int forStatus(int status) {
    if (status == 401 || status == 403) {
      return AUTH;
    }
    if (status == 404) {
      return NOT_FOUND;
    }
    if (status >= 400 && status < 500) {
      return REJECTED;
    }
    return SERVER;
  }
}
