package io.tapline.jobs.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tapline.pipeline.manifest.Manifest;
import io.tapline.pipeline.manifest.ManifestEvent;
import io.tapline.pipeline.manifest.ManifestJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest object kept in storage: the recording's {@code manifest.json} with its event log
 * added as an {@code events} array. One object holds all a worker needs besides the segments to
 * compose the recording again, and readers of the plain manifest ignore the extra field.
 */
public record StoredManifest(Manifest manifest, List<ManifestEvent> events) {
  static final String EVENTS = "events";

  public StoredManifest {
    events = List.copyOf(events);
  }

  public byte[] encode() {
    ObjectMapper json = ManifestJson.mapper();
    ObjectNode root = json.valueToTree(manifest);
    ArrayNode list = root.putArray(EVENTS);
    events.forEach(e -> list.add(json.valueToTree(e)));
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("a manifest always serializes", e);
    }
  }

  public static StoredManifest decode(byte[] bytes) throws IOException {
    ObjectMapper json = ManifestJson.mapper();
    JsonNode root = json.readTree(bytes);
    if (root == null || !root.isObject()) {
      throw new IOException("stored manifest is not a JSON object");
    }
    List<ManifestEvent> events = new ArrayList<>();
    JsonNode list = ((ObjectNode) root).remove(EVENTS);
    if (list != null) {
      for (JsonNode e : list) {
        events.add(json.treeToValue(e, ManifestEvent.class));
      }
    }
    return new StoredManifest(json.treeToValue(root, Manifest.class), events);
  }
}
