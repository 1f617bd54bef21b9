package io.tapline.app.cli;

/** A failure a command reports as one line on stderr and an exit code (see {@link ExitCodes}). */
class CliException extends RuntimeException {
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /**
   * An RFC 9457 problem+json answer (or any other error answer) turned into one line: status,
   * title and detail, e.g. {@code 401 Unauthorized: the API key is unknown or revoked}.
   */
  static CliException fromResponse(int status, String contentType, String body) {
    String line = status + " " + ProblemLine.of(status, contentType, body);
    return new CliException(ExitCodes.forStatus(status), line);
  }
}
