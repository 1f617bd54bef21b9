package io.tapline.sfu.webrtc.sdp;

import io.tapline.pipeline.packet.MalformedPacketException;

/**
 * {@code a=extmap:<id>[/<direction>] <URI>[ <extension attributes>]} (RFC 8285 section 8). Ids
 * 1-14 fit the one-byte header form, up to 255 the two-byte form; 4096-4351 are reserved for
 * negotiation and never appear in an answer, so anything above 255 is refused here.
 */
public record Extmap(int id, String directionOrNull, String uri, String attributesOrNull) {
  static Extmap parse(String value) throws MalformedPacketException {
    String[] f = SdpSyntax.fields(value, 2, "sdp.extmap");
    String[] idDir = f[0].split("/", -1);
    if (idDir.length > 2) {
      throw new MalformedPacketException("sdp.extmap", "'" + value + "'");
    }
    int id = (int) SdpSyntax.number(idDir[0], 1, 255, "sdp.extmap");
    String direction = idDir.length == 2 ? Direction.parse(idDir[1]).token() : null;
    int afterUri = value.indexOf(' ', f[0].length() + 1);
    String attributes = afterUri < 0 ? null : value.substring(afterUri + 1);
    return new Extmap(id, direction, f[1], attributes);
  }

  String toValue() {
    return id + (directionOrNull == null ? "" : "/" + directionOrNull) + " " + uri
        + (attributesOrNull == null ? "" : " " + attributesOrNull);
  }
}
