package io.tapline.app.config;

import io.tapline.app.console.ConsoleHeaders;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console (docs/console.md): static files under {@code static/console/}, served at
 * {@code /console/}; {@code /console} redirects there. No API key is needed to load it (the API
 * key filter covers {@code /api/*} only); its headers come from {@link ConsoleHeaders}.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {
  static final String PATH = "/console";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController(PATH, PATH + "/");
    registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
  }

  @Bean
  FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
    FilterRegistrationBean<ConsoleHeaders> r = new FilterRegistrationBean<>(new ConsoleHeaders());
    r.addUrlPatterns(PATH, PATH + "/*");
    return r;
  }
}
