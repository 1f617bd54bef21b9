package io.tapline.compositor.synthetic;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A 5x7 block font: digits, A-Z (lower case drawn as upper case), space and {@code :.-#}. */
final class BlockFont {
  static final int WIDTH = 5;
  static final int HEIGHT = 7;
  /** Glyph width plus one column of spacing. */
  static final int ADVANCE = 6;

  private static final int[] BLANK = new int[HEIGHT];
  private static final Map<Character, int[]> GLYPHS = new HashMap<>();

  static {
    String[] defs = {
        "0 01110 10001 10011 10101 11001 10001 01110",
        "1 00100 01100 00100 00100 00100 00100 01110",
        "2 01110 10001 00001 00010 00100 01000 11111",
        "3 11111 00010 00100 00010 00001 10001 01110",
        "4 00010 00110 01010 10010 11111 00010 00010",
        "5 11111 10000 11110 00001 00001 10001 01110",
        "6 00110 01000 10000 11110 10001 10001 01110",
        "7 11111 00001 00010 00100 01000 01000 01000",
        "8 01110 10001 10001 01110 10001 10001 01110",
        "9 01110 10001 10001 01111 00001 00010 01100",
        ": 00000 01100 01100 00000 01100 01100 00000",
        ". 00000 00000 00000 00000 00000 01100 01100",
        "- 00000 00000 00000 11111 00000 00000 00000",
        "# 01010 01010 11111 01010 11111 01010 01010",
        "A 01110 10001 10001 11111 10001 10001 10001",
        "B 11110 10001 10001 11110 10001 10001 11110",
        "C 01110 10001 10000 10000 10000 10001 01110",
        "D 11100 10010 10001 10001 10001 10010 11100",
        "E 11111 10000 10000 11110 10000 10000 11111",
        "F 11111 10000 10000 11110 10000 10000 10000",
        "G 01110 10001 10000 10111 10001 10001 01111",
        "H 10001 10001 10001 11111 10001 10001 10001",
        "I 01110 00100 00100 00100 00100 00100 01110",
        "J 00111 00010 00010 00010 00010 10010 01100",
        "K 10001 10010 10100 11000 10100 10010 10001",
        "L 10000 10000 10000 10000 10000 10000 11111",
        "M 10001 11011 10101 10101 10001 10001 10001",
        "N 10001 10001 11001 10101 10011 10001 10001",
        "O 01110 10001 10001 10001 10001 10001 01110",
        "P 11110 10001 10001 11110 10000 10000 10000",
        "Q 01110 10001 10001 10001 10101 10010 01101",
        "R 11110 10001 10001 11110 10100 10010 10001",
        "S 01111 10000 10000 01110 00001 00001 11110",
        "T 11111 00100 00100 00100 00100 00100 00100",
        "U 10001 10001 10001 10001 10001 10001 01110",
        "V 10001 10001 10001 10001 10001 01010 00100",
        "W 10001 10001 10001 10101 10101 10101 01010",
        "X 10001 10001 01010 00100 01010 10001 10001",
        "Y 10001 10001 10001 01010 00100 00100 00100",
        "Z 11111 00001 00010 00100 01000 10000 11111",
    };
    for (String d : defs) {
      String[] parts = d.split(" ");
      int[] rows = new int[HEIGHT];
      for (int r = 0; r < HEIGHT; r++) {
        rows[r] = Integer.parseInt(parts[r + 1], 2);
      }
      GLYPHS.put(parts[0].charAt(0), rows);
    }
  }

  private BlockFont() {}

  /** Rows of the glyph, top first, bit 4 the leftmost column; blank for unknown characters. */
  static int[] glyph(char c) {
    return GLYPHS.getOrDefault(Character.toUpperCase(c), BLANK);
  }

  static boolean has(char c) {
    return GLYPHS.containsKey(String.valueOf(c).toUpperCase(Locale.ROOT).charAt(0));
  }
}
