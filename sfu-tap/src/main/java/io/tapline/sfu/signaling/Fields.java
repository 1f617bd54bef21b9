package io.tapline.sfu.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, validated access to the fields of a JSON object in a client message. Every failure is a
 * {@link ErrorCode#BAD_MESSAGE} that names the field (with its path) and what it should be.
 */
final class Fields {
  private final ObjectNode node;
  private final String prefix;

  Fields(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  String text(String name) {
    String value = optionalText(name);
    if (value == null) {
      throw missing(name, "a string");
    }
    return value;
  }

  String optionalText(String name) {
    JsonNode n = node.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw invalid(name, "must be a string");
    }
    return n.asText();
  }

  long integer(String name, long min, long max) {
    Long value = optionalInteger(name, min, max);
    if (value == null) {
      throw missing(name, "an integer");
    }
    return value;
  }

  Long optionalInteger(String name, long min, long max) {
    JsonNode n = node.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
      throw invalid(name, "must be an integer from " + min + " to " + max);
    }
    return n.asLong();
  }

  boolean bool(String name, boolean defaultValue) {
    JsonNode n = node.get(name);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.isBoolean()) {
      throw invalid(name, "must be true or false");
    }
    return n.asBoolean();
  }

  Fields object(String name) {
    Fields value = optionalObject(name);
    if (value == null) {
      throw missing(name, "an object");
    }
    return value;
  }

  Fields optionalObject(String name) {
    JsonNode n = node.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw invalid(name, "must be an object");
    }
    return new Fields((ObjectNode) n, prefix + name + ".");
  }

  /** Elements of an array of objects; empty if absent. */
  List<Fields> objects(String name) {
    JsonNode n = node.get(name);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw invalid(name, "must be an array");
    }
    List<Fields> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isObject()) {
        throw invalid(name + "[" + i + "]", "must be an object");
      }
      out.add(new Fields((ObjectNode) n.get(i), prefix + name + "[" + i + "]."));
    }
    return out;
  }

  SignalingException invalid(String name, String what) {
    return new SignalingException(ErrorCode.BAD_MESSAGE, "field '" + prefix + name + "' " + what);
  }

  private SignalingException missing(String name, String what) {
    return new SignalingException(ErrorCode.BAD_MESSAGE, "field '" + prefix + name + "' is required (" + what + ")");
  }
}
