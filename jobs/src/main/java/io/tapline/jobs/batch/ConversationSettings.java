package io.tapline.jobs.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapline.compositor.layout.LayoutKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What the batch jobs read from a conversation's configuration (opaque JSON owned by the app):
 *
 * <pre>
 * {"applicationId": "app-1",
 *  "compositions": [{"layout": "grid", "format": "mp4", "width": 1280, "height": 720, "fps": 30}]}
 * </pre>
 *
 * Size and rate default to 1280x720 at 30 fps. No configuration, or no {@code compositions}, asks
 * for one grid MP4; an empty list asks for none (per-track files only).
 */
public record ConversationSettings(String applicationId, List<CompositionRequest> compositions) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ConversationSettings {
    compositions = List.copyOf(compositions);
  }

  /**
   * @throws IllegalArgumentException for configuration that is not JSON or asks for something
   *     unknown, saying what
   */
  public static ConversationSettings parse(String json, String defaultApplicationId) {
    JsonNode root;
    try {
      root = json == null || json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("conversation configuration is not JSON: "
          + e.getOriginalMessage());
    }
    String app = root.path("applicationId").asText(defaultApplicationId);
    JsonNode list = root.get("compositions");
    List<CompositionRequest> out = new ArrayList<>();
    if (list == null || list.isNull()) {
      out.add(new CompositionRequest(LayoutKind.GRID, CompositionRequest.parseFormat("mp4"),
          1280, 720, 30));
    } else {
      if (!list.isArray()) {
        throw new IllegalArgumentException("compositions must be a list");
      }
      for (JsonNode c : list) {
        out.add(request(c));
      }
    }
    return new ConversationSettings(app, out);
  }

  static CompositionRequest request(JsonNode c) {
    return new CompositionRequest(LayoutKind.parse(c.path("layout").asText("grid")),
        CompositionRequest.parseFormat(c.path("format").asText("mp4")),
        c.path("width").asInt(1280), c.path("height").asInt(720), c.path("fps").asInt(30));
  }
}
