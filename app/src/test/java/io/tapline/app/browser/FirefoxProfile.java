package io.tapline.app.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fresh Firefox profile for tests: fake camera and microphone without a permission prompt,
 * WebDriver BiDi only, WebRTC host candidates without mDNS, and nothing that talks to
 * Mozilla's services (updates, telemetry, remote settings, safe browsing, captive portal and
 * connectivity checks, add-ons, OpenH264 download). As a backstop every proxied protocol goes to a
 * closed port on 127.0.0.1, so anything not on loopback fails instead of leaving the machine.
 */
final class FirefoxProfile {
  private static final String DEAD = "http://127.0.0.1:9/";

  private FirefoxProfile() {
  }

  static Map<String, Object> prefs() {
    Map<String, Object> p = new LinkedHashMap<>();
    // media: fake devices, no prompt, real host addresses (no mDNS), autoplay. Loopback candidates
    // are asked for, but Firefox 153 gathers none here, in or out of the socket process: the app
    // tests put the server on this machine's own address instead (AppTestSupport).
    p.put("media.navigator.streams.fake", true);
    p.put("media.navigator.permission.disabled", true);
    p.put("media.peerconnection.ice.loopback", true);
    p.put("media.peerconnection.mtransport_process", false);
    p.put("media.peerconnection.ice.obfuscate_host_addresses", false);
    p.put("media.autoplay.default", 0);
    p.put("media.autoplay.blocking_policy", 0);
    p.put("media.gmp-manager.url", DEAD);
    p.put("media.gmp-gmpopenh264.autoupdate", false);
    // remote agent: WebDriver BiDi only (1), with its recommended automation prefs
    p.put("remote.active-protocols", 1);
    p.put("remote.prefs.recommended", true);
    // no first run, no updates, no telemetry, no studies
    p.put("browser.shell.checkDefaultBrowser", false);
    p.put("browser.startup.homepage_override.mstone", "ignore");
    p.put("browser.startup.page", 0);
    p.put("browser.aboutwelcome.enabled", false);
    p.put("datareporting.policy.firstRunURL", "");
    p.put("app.update.disabledForTesting", true);
    p.put("app.update.auto", false);
    p.put("app.normandy.enabled", false);
    p.put("app.shield.optoutstudies.enabled", false);
    p.put("datareporting.healthreport.uploadEnabled", false);
    p.put("datareporting.policy.dataSubmissionEnabled", false);
    p.put("toolkit.telemetry.enabled", false);
    p.put("toolkit.telemetry.unified", false);
    p.put("toolkit.telemetry.server", DEAD);
    p.put("messaging-system.rsexperimentloader.enabled", false);
    p.put("extensions.update.enabled", false);
    p.put("extensions.getAddons.cache.enabled", false);
    p.put("extensions.systemAddon.update.enabled", false);
    p.put("identity.fxaccounts.enabled", false);
    // no background connections
    p.put("services.settings.server", DEAD);
    p.put("network.connectivity-service.enabled", false);
    p.put("network.captive-portal-service.enabled", false);
    p.put("browser.safebrowsing.malware.enabled", false);
    p.put("browser.safebrowsing.phishing.enabled", false);
    p.put("browser.safebrowsing.downloads.enabled", false);
    p.put("browser.safebrowsing.provider.mozilla.updateURL", "");
    p.put("browser.search.update", false);
    p.put("browser.region.network.url", "");
    p.put("geo.provider.network.url", "");
    p.put("security.OCSP.enabled", 0);
    p.put("security.remote_settings.crlite_filters.enabled", false);
    p.put("network.prefetch-next", false);
    p.put("network.dns.disablePrefetch", true);
    p.put("network.http.speculative-parallel-limit", 0);
    p.put("network.trr.mode", 5);
    // backstop: everything but loopback goes to a closed local port
    p.put("network.proxy.type", 1);
    for (String scheme : new String[] {"http", "ssl", "socks"}) {
      p.put("network.proxy." + scheme, "127.0.0.1");
      p.put("network.proxy." + scheme + "_port", 9);
    }
    p.put("network.proxy.socks_remote_dns", true);
    p.put("network.proxy.no_proxies_on", "");
    p.put("network.proxy.allow_hijacking_localhost", false);
    return p;
  }

  /** Creates {@code dir} with a user.js holding {@link #prefs()}. */
  static Path create(Path dir) throws IOException {
    Files.createDirectories(dir);
    String userJs = prefs().entrySet().stream()
        .map(e -> "user_pref(\"" + e.getKey() + "\", " + literal(e.getValue()) + ");")
        .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(dir.resolve("user.js"), userJs);
    return dir;
  }

  private static String literal(Object v) {
    return v instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : v.toString();
  }
}
