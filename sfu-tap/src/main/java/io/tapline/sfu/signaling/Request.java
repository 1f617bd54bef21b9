package io.tapline.sfu.signaling;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One parsed client message: its {@code type}, its {@code id} (echoed in the answer; a string or
 * number, kept as text) and its fields.
 */
record Request(String type, String id, Fields fields) {
  static final int MAX_ID_CHARS = 64;

  /** @param idHolder receives the id as soon as it is known, so a later failure can still echo it */
  static Request parse(ObjectMapper json, String text, String[] idHolder) {
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JacksonException e) {
      throw new SignalingException(ErrorCode.BAD_JSON, "message is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new SignalingException(ErrorCode.BAD_JSON, "message must be a JSON object");
    }
    ObjectNode object = (ObjectNode) node;
    String id = requestId(object.get("id"));
    idHolder[0] = id;
    JsonNode type = object.get("type");
    if (type == null || !type.isTextual() || type.asText().isEmpty()) {
      throw new SignalingException(ErrorCode.BAD_MESSAGE, "field 'type' is required (a string)");
    }
    return new Request(type.asText(), id, new Fields(object, ""));
  }

  private static String requestId(JsonNode id) {
    if (id == null || id.isNull()) {
      return null;
    }
    if ((!id.isTextual() && !id.isIntegralNumber()) || id.asText().length() > MAX_ID_CHARS) {
      throw new SignalingException(
          ErrorCode.BAD_MESSAGE, "field 'id' must be a string or integer of at most " + MAX_ID_CHARS + " characters");
    }
    return id.asText();
  }
}
