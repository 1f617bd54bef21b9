package io.tapline.compositor.layout;

import java.util.List;

/** Where each tile goes: a pure function of its input, so it can be tested without media. */
public interface Layout {
  List<Region> regions(LayoutInput input);
}
