package io.tapline.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument parsing and validation of the commands, without media or a server. */
class CommandLineTest {
  @TempDir Path dir;

  @Test
  void everyCommandsHelpHasADescriptionExamplesAndExitCodes() {
    List<String[]> commands = List.of(new String[] {"compose"}, new String[] {"export"},
        new String[] {"segment", "dump"}, new String[] {"segment", "pcap"}, new String[] {"recordings", "ls"},
        new String[] {"recordings", "get"}, new String[] {"recordings", "download"}, new String[] {"files", "ls"},
        new String[] {"files", "get"});
    for (String[] c : commands) {
      String[] args = java.util.Arrays.copyOf(c, c.length + 1);
      args[c.length] = "--help";
      CliRun r = CliRun.run(args);
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.out().contains("Usage: tapline " + String.join(" ", c)), r.out());
      assertTrue(r.out().contains("Examples:"), String.join(" ", c) + ": " + r.out());
      assertTrue(r.out().contains("Exit codes:\n  0  "), String.join(" ", c) + ": " + r.out());
      boolean remote = c[0].equals("recordings") || c[0].equals("files") || c[0].equals("compose");
      if (remote) {
        assertTrue(r.out().contains("--api-key") && r.out().contains("TAPLINE_URL"), r.out());
        assertTrue(r.out().contains("  3  ") && r.out().contains("  6  "), r.out());
      }
    }
    CliRun top = CliRun.run("--help");
    for (String name : List.of("serve", "apikey", "compose", "export", "segment", "recordings", "files")) {
      assertTrue(top.out().contains("  " + name), name + " missing from:\n" + top.out());
    }
  }

  @Test
  void composeRejectsBadOptionsBeforeDoingAnything() throws Exception {
    Path rec = Files.createDirectories(dir.resolve("rec"));
    Files.writeString(rec.resolve("manifest.json"), "{}");
    Path out = dir.resolve("out.mp4");
    CliRun missingOutput = CliRun.run("compose", rec.toString());
    assertEquals(2, missingOutput.code());
    assertTrue(missingOutput.err().contains("Missing required option: '--output=FILE'"), missingOutput.toString());

    CliRun badSize = CliRun.run("compose", rec.toString(), "--size", "big", "-o", out.toString());
    assertEquals(2, badSize.code());
    assertEquals("tapline compose: --size must be WIDTHxHEIGHT, e.g. 1280x720, got big\n", badSize.err());

    CliRun noTemplate = CliRun.run("compose", rec.toString(), "--layout", "custom", "-o", out.toString());
    assertEquals(2, noTemplate.code());
    assertTrue(noTemplate.err().contains("needs --template"), noTemplate.toString());

    CliRun unreadableTemplate = CliRun.run("compose", rec.toString(), "--layout", "custom", "--template",
        dir.resolve("nope.json").toString(), "-o", out.toString());
    assertEquals(2, unreadableTemplate.code());
    assertTrue(unreadableTemplate.err().contains("cannot read --template"), unreadableTemplate.toString());

    CliRun hlsName = CliRun.run("compose", rec.toString(), "--format", "hls", "-o", dir.resolve("x.mp4").toString());
    assertEquals(2, hlsName.code());
    assertTrue(hlsName.err().contains(".m3u8"), hlsName.toString());

    CliRun fps = CliRun.run("compose", rec.toString(), "--fps", "thirty", "-o", out.toString());
    assertEquals(2, fps.code());
    assertTrue(fps.err().contains("Invalid value for option '--fps'"), fps.toString());

    CliRun progress = CliRun.run("compose", rec.toString(), "--progress", "fancy", "-o", out.toString());
    assertEquals(2, progress.code());
    assertTrue(progress.err().contains("--progress must be auto, bar, plain or none"), progress.toString());
    assertFalse(Files.exists(out));
  }

  @Test
  void aLocalPathThatIsNotARecordingIsAFailureNotARequest() throws Exception {
    CliRun missing = CliRun.run("compose", dir.resolve("nothing-here").toString(), "-o", dir.resolve("o.mp4").toString());
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.err().contains("no such recording directory"), missing.toString());
    CliRun noManifest = CliRun.run("compose", dir.toString(), "-o", dir.resolve("o.mp4").toString());
    assertEquals(1, noManifest.code(), noManifest.toString());
    assertTrue(noManifest.err().contains("is not a recording directory (no manifest.json)"), noManifest.toString());
    CliRun export = CliRun.run("export", dir.toString(), "-o", dir.resolve("out").toString());
    assertEquals(1, export.code(), export.toString());
    assertTrue(export.err().contains("no manifest.json"), export.toString());
  }

  @Test
  void aBareNameIsARecordingIdAndAPathIsLocal() throws Exception {
    assertFalse(ComposeCommand.isLocal("7f3c9a2e-0b1d"));
    assertTrue(ComposeCommand.isLocal("./rec"));
    assertTrue(ComposeCommand.isLocal("recordings/conv/rec"));
    assertTrue(ComposeCommand.isLocal(dir.toString()));
    Path here = Files.createDirectories(dir.resolve("rec-here"));
    assertTrue(ComposeCommand.isLocal(here.toString()));
  }

  @Test
  void segmentCommandsCheckTheirArguments() throws Exception {
    CliRun negative = CliRun.run("segment", "dump", "x.tseg", "--packets", "-1");
    assertEquals(2, negative.code(), negative.toString());
    assertTrue(negative.err().contains("--packets must be >= 0"), negative.toString());

    CliRun missing = CliRun.run("segment", "dump", dir.resolve("none.tseg").toString());
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.err().contains("no such file"), missing.toString());

    Path notASegment = Files.writeString(dir.resolve("notes.txt"), "hello, this is not RTP");
    CliRun wrong = CliRun.run("segment", "dump", notASegment.toString());
    assertEquals(1, wrong.code(), wrong.toString());
    assertTrue(wrong.err().contains("not a Tapline segment file"), wrong.toString());

    CliRun oddPort = CliRun.run("segment", "pcap", notASegment.toString(), "-o", dir.resolve("o.pcap").toString(),
        "--base-port", "5005");
    assertEquals(2, oddPort.code(), oddPort.toString());
    assertTrue(oddPort.err().contains("basePort must be even"), oddPort.toString());

    CliRun badLink = CliRun.run("segment", "pcap", notASegment.toString(), "-o", dir.resolve("o.pcap").toString(),
        "--link", "wifi");
    assertEquals(2, badLink.code(), badLink.toString());
    assertTrue(badLink.err().contains("--link must be ethernet or raw"), badLink.toString());
  }

  @Test
  void remoteCommandsNeedAKeyAndAnHttpUrl() {
    CliRun noKey = CliRun.run("recordings", "get", "rec-1", "--url", "http://127.0.0.1:1", "--api-key", "");
    assertEquals(3, noKey.code(), noKey.toString());
    assertTrue(noKey.err().contains("no API key: pass --api-key or set TAPLINE_API_KEY"), noKey.toString());

    CliRun badUrl = CliRun.run("recordings", "ls", "--url", "ftp://example", "--api-key", "tpk_x");
    assertEquals(2, badUrl.code(), badUrl.toString());
    assertTrue(badUrl.err().contains("--url must be an http:// or https:// URL"), badUrl.toString());

    CliRun filesNeedConversation = CliRun.run("files", "ls", "--api-key", "tpk_x");
    assertEquals(2, filesNeedConversation.code(), filesNeedConversation.toString());
    assertTrue(filesNeedConversation.err().contains("Missing required option: '--conversation=ID'"),
        filesNeedConversation.toString());
  }

  @Test
  void uploadedNamesCannotEscapeTheTargetDirectory() {
    assertEquals("passwd", FilesCommand.Get.safeName("../../etc/passwd"));
    assertEquals("slides.pdf", FilesCommand.Get.safeName("C:\\Users\\me\\slides.pdf"));
    assertEquals("bashrc", FilesCommand.Get.safeName(".bashrc"));
    assertEquals("download", FilesCommand.Get.safeName(".."));
    assertEquals("a_b", FilesCommand.Get.safeName("a\nb"));
  }
}
