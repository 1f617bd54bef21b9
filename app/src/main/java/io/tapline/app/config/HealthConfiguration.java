package io.tapline.app.config;

import io.tapline.storage.index.IndexDatabase;
import io.tapline.storage.object.ObjectStore;
import java.sql.Connection;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code /actuator/health} includes the index database and the object store. */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

  @Bean
  HealthIndicator indexHealthIndicator(IndexDatabase index) {
    return () -> {
      try (Connection c = index.dataSource().getConnection()) {
        return c.isValid(2) ? Health.up().build() : Health.down().withDetail("error", "connection not valid").build();
      } catch (Exception e) {
        return Health.down().withDetail("error", e.getMessage()).build();
      }
    };
  }

  @Bean
  HealthIndicator objectStoreHealthIndicator(ObjectStore objects) {
    return () -> {
      try {
        objects.head("health-check");
        return Health.up().withDetail("endpoint", String.valueOf(objects.settings().endpoint()))
            .withDetail("bucket", objects.settings().bucket()).build();
      } catch (RuntimeException e) {
        return Health.down().withDetail("error", e.getMessage()).build();
      }
    };
  }
}
