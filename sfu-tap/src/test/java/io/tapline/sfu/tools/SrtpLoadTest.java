package io.tapline.sfu.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator's SRTP mode, briefly, so it cannot rot unnoticed: real ICE checks and DTLS
 * handshakes against the SFU's WebRTC transport, SRTP both ways, and packets counted only when they
 * unprotect and carry the measuring flag that sits inside the encrypted payload.
 */
class SrtpLoadTest {
  private static LoadGenerator.Result run(String profile, String fork) throws Exception {
    LoadGenerator g = new LoadGenerator(Map.of("publishers", "2", "subscribers", "2", "rate", "50", "seconds", "1",
        "warmup", "1", "fork", fork, "srtp", "1", "srtp-profile", profile));
    return g.run("srtp");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aesCmPacketsArriveDecryptedInProcess() throws Exception {
    LoadGenerator.Result r = run("AES_CM_128_HMAC_SHA1_80", "0");
    // 2 publishers x 50 pkt/s x 2 subscribers: about 200 decrypted packets in the measured second;
    // a starved machine may queue many past the end, so only a floor well above zero is asserted
    assertTrue(r.packetsPerSecond() > 10, "decrypted packets/s " + r.packetsPerSecond());
    assertEquals(0, r.undecryptable());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void gcmPacketsArriveDecryptedThroughAForwarderProcess() throws Exception {
    LoadGenerator.Result r = run("AEAD_AES_128_GCM", "1");
    assertTrue(r.packetsPerSecond() > 10, "decrypted packets/s " + r.packetsPerSecond());
    assertEquals(0, r.undecryptable());
  }

  @Test
  void findsThePayloadAfterCsrcsAndTheHeaderExtension() {
    byte[] plain = new byte[20];
    plain[0] = (byte) 0x80;
    assertEquals(12, SrtpClients.payloadOffset(plain, 20));
    byte[] ext = new byte[40];
    ext[0] = (byte) 0x91; // X, one CSRC
    ext[16 + 3] = 2; // two words of extension after its 4-byte header
    assertEquals(12 + 4 + 4 + 8, SrtpClients.payloadOffset(ext, 40));
    assertEquals(-1, SrtpClients.payloadOffset(ext, 20));
  }
}
