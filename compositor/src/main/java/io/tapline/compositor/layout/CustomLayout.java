package io.tapline.compositor.layout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A layout from a JSON template: regions in fractions of the canvas, each filled by a role.
 *
 * <pre>
 * {"regions": [
 *   {"x": 0, "y": 0, "width": 0.75, "height": 1, "z": 0, "fill": "screen"},
 *   {"x": 0.75, "y": 0, "width": 0.25, "height": 0.25, "z": 1, "fill": "speaker"},
 *   {"x": 0.75, "y": 0.25, "width": 0.25, "height": 0.25, "z": 1, "fill": "slot"},
 *   {"x": 0.8, "y": 0.8, "width": 0.2, "height": 0.2, "z": 2, "fill": "participant:alice"}
 * ]}
 * </pre>
 *
 * Fills: {@code speaker} (active speaker's camera), {@code screen} (latest screen share),
 * {@code participant:ID}, {@code track:ID}, {@code slot} (the next camera not placed by another
 * region). Regions are filled in z order; a region with nothing to show is left out.
 */
public final class CustomLayout implements Layout {
  /** One region of a template. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Template(double x, double y, double width, double height, int z, String fill) {}

  /** The JSON document. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Document(List<Template> regions) {}

  private final List<Template> templates;

  public CustomLayout(List<Template> templates) {
    for (Template t : templates) {
      if (t.fill() == null || t.width() <= 0 || t.height() <= 0 || t.x() < 0 || t.y() < 0
          || t.x() + t.width() > 1.0001 || t.y() + t.height() > 1.0001) {
        throw new IllegalArgumentException("template region outside the canvas or without fill: " + t);
      }
    }
    this.templates = templates.stream().sorted(Comparator.comparingInt(Template::z)).toList();
  }

  public static CustomLayout parse(String json) {
    try {
      Document d = new ObjectMapper().readValue(json, Document.class);
      if (d.regions() == null || d.regions().isEmpty()) {
        throw new IllegalArgumentException("a custom layout needs at least one region");
      }
      return new CustomLayout(d.regions());
    } catch (IOException e) {
      throw new IllegalArgumentException("not a layout template: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Region> regions(LayoutInput in) {
    Set<Tile> used = new HashSet<>();
    List<Region> out = new ArrayList<>();
    // named fills first so that slots take what is left, whatever the z order
    Tile[] chosen = new Tile[templates.size()];
    for (int i = 0; i < templates.size(); i++) {
      String fill = templates.get(i).fill();
      if (!fill.equals("slot")) {
        chosen[i] = named(fill, in);
        if (chosen[i] != null) {
          used.add(chosen[i]);
        }
      }
    }
    List<Tile> free = new ArrayList<>(in.cameras());
    free.removeAll(used);
    for (int i = 0; i < templates.size(); i++) {
      if (templates.get(i).fill().equals("slot") && !free.isEmpty()) {
        chosen[i] = free.remove(0);
      }
    }
    for (int i = 0; i < templates.size(); i++) {
      Template t = templates.get(i);
      if (chosen[i] != null) {
        out.add(Region.even((int) Math.round(t.x() * in.width()), (int) Math.round(t.y() * in.height()),
            (int) Math.round(t.width() * in.width()), (int) Math.round(t.height() * in.height()), t.z(), chosen[i]));
      }
    }
    return out;
  }

  private static Tile named(String fill, LayoutInput in) {
    if (fill.equals("speaker")) {
      return in.speakerTile();
    }
    if (fill.equals("screen")) {
      List<Tile> s = in.screens();
      return s.isEmpty() ? null : s.get(s.size() - 1);
    }
    if (fill.startsWith("participant:")) {
      String id = fill.substring("participant:".length());
      return in.cameras().stream().filter(t -> t.participantId().equals(id)).findFirst().orElse(null);
    }
    if (fill.startsWith("track:")) {
      String id = fill.substring("track:".length());
      return in.tiles().stream().filter(t -> id.equals(t.videoTrackId())).findFirst().orElse(null);
    }
    throw new IllegalArgumentException("unknown fill '" + fill + "'");
  }
}
