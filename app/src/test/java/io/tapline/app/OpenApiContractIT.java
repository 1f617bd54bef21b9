package io.tapline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * The served /openapi.yaml is the checked-in file, and it documents exactly the API's endpoints:
 * every (method, path) the controllers map under /api is in it, and nothing else is.
 */
class OpenApiContractIT extends AppTestSupport {
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void documentsEveryEndpointAndNothingElse() throws Exception {
    Response served = get("/openapi.yaml", null);
    assertEquals(200, served.status());
    assertEquals(Files.readString(Path.of("src/main/resources/static/openapi.yaml")), served.body(),
        "served file = checked-in file");

    Set<String> implemented = new TreeSet<>();
    mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
        .filter(p -> p.startsWith("/api/"))
        .forEach(p -> info.getMethodsCondition().getMethods()
            .forEach(m -> implemented.add(m.name() + " " + anyVariable(p)))));

    Set<String> documented = new TreeSet<>();
    Map<String, Object> doc = new Yaml().load(served.body());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
    paths.forEach((path, ops) -> {
      if (path.startsWith("/api/")) {
        ops.keySet().forEach(m -> documented.add(RequestMethod.valueOf(m.toUpperCase()).name() + " "
            + anyVariable(path)));
      }
    });
    assertEquals(implemented, documented);
  }

  /** Path variables compare by position: the controllers may name them differently. */
  private static String anyVariable(String path) {
    return path.replaceAll("\\{[^}]+}", "{}");
  }
}
