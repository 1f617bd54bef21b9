package io.tapline.app;

import io.tapline.app.cli.TaplineCommand;
import io.tapline.app.config.TaplineProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.batch.BatchAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import picocli.CommandLine;

/**
 * The one runnable: storage, the SFU with its tap and signaling, jobs (schedules, webhooks), the
 * REST API and Actuator in one process. {@code main} is the command line ({@code tapline serve},
 * {@code tapline apikey create}).
 *
 * <p>The index and jobs databases are opened by their modules (each with its own pool and
 * migrations), so Boot's single-DataSource auto-configuration is off.
 */
@SpringBootApplication(exclude = {
    DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class, BatchAutoConfiguration.class})
@EnableConfigurationProperties(TaplineProperties.class)
public class TaplineApplication {

  public static void main(String[] args) {
    // H2's AUTO_SERVER (lets `tapline apikey create` open the index while the server runs) listens
    // on every interface unless told otherwise; keep it on loopback like everything else.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
    int code = new CommandLine(new TaplineCommand()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
