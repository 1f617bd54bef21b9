package io.tapline.storage.index;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach the index database.
 *
 * @param jdbcUrl {@code jdbc:h2:file:...} (default, one machine) or {@code jdbc:postgresql:...}
 * @param maxPoolSize connections kept by HikariCP
 */
public record IndexSettings(String jdbcUrl, String user, String password, int maxPoolSize) {
  public IndexSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("index database must be H2 or PostgreSQL: " + jdbcUrl);
    }
    if (maxPoolSize < 1 || maxPoolSize > 200) {
      throw new IllegalArgumentException("maxPoolSize must be within [1, 200]");
    }
  }

  /**
   * The default: an H2 file database under {@code dir}. AUTO_SERVER lets a second process (a CLI,
   * a second worker on the same machine) open it too.
   */
  public static IndexSettings h2(Path dir) {
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("tapline-index")
        + ";AUTO_SERVER=TRUE";
    return new IndexSettings(url, "sa", "", 8);
  }

  public static IndexSettings postgres(String jdbcUrl, String user, String password) {
    return new IndexSettings(jdbcUrl, user, password, 16);
  }

  @Override
  public String toString() {
    return "IndexSettings[" + jdbcUrl + ", user=" + user + "]";
  }
}
