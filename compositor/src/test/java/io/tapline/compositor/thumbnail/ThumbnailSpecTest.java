package io.tapline.compositor.thumbnail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThumbnailSpecTest {
  @Test
  void heightFollowsTheAspectRatioUnlessGiven() {
    assertArrayEquals(new int[] {160, 90}, new ThumbnailSpec(ImageFormat.JPEG, 160, 0)
        .size(1280, 720));
    assertArrayEquals(new int[] {160, 120}, new ThumbnailSpec(ImageFormat.PNG, 160, 120)
        .size(1280, 720));
    assertArrayEquals(new int[] {80, 44}, new ThumbnailSpec(ImageFormat.PNG, 80, 0)
        .size(1280, 720));
  }

  @Test
  void badSizesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ThumbnailSpec(ImageFormat.JPEG, 8, 0));
    assertThrows(IllegalArgumentException.class, () -> new ThumbnailSpec(ImageFormat.JPEG, 161,
        0));
    assertThrows(IllegalArgumentException.class, () -> new ThumbnailSpec(ImageFormat.JPEG, 160,
        9000));
  }
}
