package io.tapline.compositor.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutsTest {
  static Tile cam(String id) {
    return new Tile(id, id.toUpperCase(), id + "-cam", false);
  }

  static Tile screen(String id) {
    return new Tile(id, id.toUpperCase(), id + "-screen", true);
  }

  static LayoutInput input(String speaker, Tile... tiles) {
    return new LayoutInput(0, 1280, 720, List.of(tiles), speaker);
  }

  @Test
  void gridPicksColumnsByCountAndCentresTheLastRow() {
    List<Region> one = new GridLayout().regions(input(null, cam("a")));
    assertEquals(List.of(new Region(0, 0, 1280, 720, 0, cam("a"))), one);

    List<Region> four = new GridLayout().regions(input(null, cam("a"), cam("b"), cam("c"), cam("d")));
    assertEquals(new Region(640, 360, 640, 360, 0, cam("d")), four.get(3));

    List<Region> three = new GridLayout().regions(input(null, cam("a"), cam("b"), cam("c")));
    assertEquals(new Region(320, 360, 640, 360, 0, cam("c")), three.get(2), "last row centred");

    List<Region> five = new GridLayout().regions(input(null, cam("a"), cam("b"), cam("c"), cam("d"), cam("e")));
    assertEquals(426, five.get(0).width());
    assertTrue(five.stream().allMatch(r -> r.x() % 2 == 0 && r.y() % 2 == 0 && r.width() % 2 == 0));
    assertEquals(List.of(), new GridLayout().regions(input(null)));
  }

  @Test
  void activeSpeakerIsLargeAndTheOthersAreInAStrip() {
    List<Region> r = new ActiveSpeakerLayout().regions(input("b", cam("a"), cam("b"), cam("c")));
    assertEquals(new Region(0, 0, 1280, 576, 0, cam("b")), r.get(0));
    assertEquals(3, r.size());
    assertEquals(576, r.get(1).y());
    assertEquals(cam("a"), r.get(1).tile());
    assertEquals(cam("c"), r.get(2).tile());
    assertTrue(r.get(1).z() > r.get(0).z());
    // no speaker named yet: the first camera
    assertEquals(cam("a"), new ActiveSpeakerLayout().regions(input(null, cam("a"), cam("b"))).get(0).tile());
    // alone: full frame
    assertEquals(1, new ActiveSpeakerLayout().regions(input("a", cam("a"))).size());
  }

  @Test
  void presentationPutsTheScreenLargeAndCamerasBeside() {
    List<Region> r = new PresentationLayout().regions(input(null, cam("a"), cam("b"), screen("a")));
    assertEquals(new Region(0, 0, 960, 720, 0, screen("a")), r.get(0));
    assertEquals(960, r.get(1).x());
    assertEquals(320, r.get(1).width());
    assertEquals(180, r.get(1).height());
    // without a screen share it is a grid
    assertEquals(new GridLayout().regions(input(null, cam("a"), cam("b"))),
        new PresentationLayout().regions(input(null, cam("a"), cam("b"))));
  }

  @Test
  void singleShowsTheChosenParticipantOrTheSpeaker() {
    assertEquals(cam("b"), new SingleParticipantLayout("b").regions(input("a", cam("a"), cam("b"))).get(0).tile());
    assertEquals(cam("a"), new SingleParticipantLayout(null).regions(input("a", cam("b"), cam("a"))).get(0).tile());
    assertEquals(List.of(), new SingleParticipantLayout("z").regions(input(null, cam("a"))));
  }

  @Test
  void customTemplateFillsRolesNamedFirstThenSlots() {
    CustomLayout l = CustomLayout.parse("""
        {"regions": [
          {"x": 0, "y": 0, "width": 0.75, "height": 1, "z": 0, "fill": "screen"},
          {"x": 0.75, "y": 0, "width": 0.25, "height": 0.25, "z": 1, "fill": "slot"},
          {"x": 0.75, "y": 0.25, "width": 0.25, "height": 0.25, "z": 1, "fill": "speaker"},
          {"x": 0.75, "y": 0.5, "width": 0.25, "height": 0.25, "z": 1, "fill": "slot"}
        ]}""");
    List<Region> r = l.regions(input("b", cam("a"), cam("b"), screen("c")));
    List<Tile> tiles = new ArrayList<>(r.stream().map(Region::tile).toList());
    assertEquals(List.of(screen("c"), cam("a"), cam("b")), tiles, "slot takes a, speaker b, second slot empty");
    assertEquals(new Region(960, 180, 320, 180, 1, cam("b")), r.get(2));
    assertThrows(IllegalArgumentException.class, () -> CustomLayout.parse("{\"regions\": []}"));
    assertThrows(IllegalArgumentException.class,
        () -> CustomLayout.parse("{\"regions\": [{\"x\": 0.5, \"y\": 0, \"width\": 0.6, \"height\": 1, \"fill\": \"slot\"}]}"));
    assertThrows(IllegalArgumentException.class, () -> CustomLayout.parse("not json"));
  }
}
