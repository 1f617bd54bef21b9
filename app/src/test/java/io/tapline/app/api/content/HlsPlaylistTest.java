package io.tapline.app.api.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsPlaylistTest {
  /** What libavformat's hls muxer writes for fMP4 segments (HlsPackager). */
  static final String FMP4 = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:1
      #EXT-X-MEDIA-SEQUENCE:0
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-MAP:URI="init.mp4"
      #EXTINF:1.000000,
      seg-00000.m4s
      #EXTINF:1.000000,
      seg-00001.m4s
      #EXT-X-ENDLIST
      """;

  @Test
  void rewritesSegmentLinesAndTheMapUri() {
    List<String> seen = new ArrayList<>();
    String out = HlsPlaylist.rewrite(FMP4, u -> {
      seen.add(u);
      return "https://s3.test/b/" + u + "?X-Amz-Signature=ab,cd";
    });
    assertEquals(List.of("init.mp4", "seg-00000.m4s", "seg-00001.m4s"), seen);
    assertEquals(FMP4.replace("\"init.mp4\"", "\"https://s3.test/b/init.mp4?X-Amz-Signature=ab,cd\"")
        .replace("seg-00000.m4s\n", "https://s3.test/b/seg-00000.m4s?X-Amz-Signature=ab,cd\n")
        .replace("seg-00001.m4s\n", "https://s3.test/b/seg-00001.m4s?X-Amz-Signature=ab,cd\n"), out);
  }

  @Test
  void keepsOtherAttributesAndCrlfBecomesLf() {
    String in = "#EXTM3U\r\n#EXT-X-KEY:METHOD=AES-128,URI=\"k,1.bin\",IV=0x0102\r\n#EXTINF:2.0,a \"title\"\r\n"
        + "a.ts\r\n";
    assertEquals("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"/k,1.bin\",IV=0x0102\n#EXTINF:2.0,a \"title\"\n/a.ts\n",
        HlsPlaylist.rewrite(in, u -> "/" + u));
    String master = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"en.m3u8\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=1000,AUDIO=\"a\"\nv.m3u8";
    assertEquals(master.replace("en.m3u8", "X/en.m3u8").replace("\nv.m3u8", "\nX/v.m3u8"),
        HlsPlaylist.rewrite(master, u -> "X/" + u));
  }

  @Test
  void refusesWhatIsNotAPlaylist() {
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("", u -> u));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("seg.ts\n", u -> u));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("#EXTM3U\n#EXT-X-MAP:URI=init.mp4", u -> u));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4",
        u -> u));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("#EXTM3U\n#EXT-X-MAP:uri=\"a\"", u -> u));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("#EXTM3U\n#EXT-X-MAP", u -> u));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("#EXTM3U\na\rb", u -> u));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("#EXTM3U\nseg.ts", u -> {
      throw new IllegalArgumentException("unknown " + u);
    }));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylist.rewrite("#EXTM3U\nseg.ts", u -> "a\nb"));
    assertThrows(IllegalArgumentException.class,
        () -> HlsPlaylist.rewrite("#EXTM3U\n" + "x".repeat(HlsPlaylist.MAX_CHARS), u -> u));
  }
}
