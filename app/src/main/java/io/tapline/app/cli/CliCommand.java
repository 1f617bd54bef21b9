package io.tapline.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A leaf command: {@link #execute()} does the work; a {@link CliException} becomes one line on
 * stderr ({@code tapline: ...}) and its exit code.
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    ApiKeyCommand.quietLogs();
    try {
      return execute();
    } catch (CliException e) {
      err().println("tapline " + spec.qualifiedName(" ").replaceFirst("^tapline ", "") + ": " + e.getMessage());
      err().flush();
      return e.exitCode();
    }
  }

  abstract int execute();

  /**
   * FFmpeg's own log (encoder statistics, muxer notes) would bury the progress and the summary;
   * its errors still show. The compositor reports what it skipped in its report.
   */
  static void quietFfmpeg() {
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
