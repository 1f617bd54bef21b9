package io.tapline.sfu.webrtc.ice;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The Binding responses a lite agent sends (RFC 8445 section 7.3, RFC 8489 section 6.3). Every
 * one carries FINGERPRINT (RFC 8445 section 7.3: ICE multiplexes STUN with media). Only responses
 * to authenticated requests carry MESSAGE-INTEGRITY: RFC 8489 section 9.1.3 forbids it on the 400
 * and 401 that answer a request we could not authenticate.
 */
final class BindingResponses {
  private BindingResponses() {}

  static byte[] success(StunMessage request, InetSocketAddress source, IceCredentials local) {
    byte[] txid = request.transactionId();
    return new StunMessageWriter(StunClass.SUCCESS_RESPONSE, StunMessage.METHOD_BINDING, txid)
        .add(XorMappedAddress.encode(source, txid))
        .integrity(local.key())
        .fingerprint()
        .toBytes();
  }

  /** 400 or 401 to a request that failed authentication: no integrity. */
  static byte[] unauthenticatedError(StunMessage request, StunErrorCode error) {
    return new StunMessageWriter(StunClass.ERROR_RESPONSE, StunMessage.METHOD_BINDING,
        request.transactionId())
        .add(error.encode())
        .fingerprint()
        .toBytes();
  }

  /** An error to an authenticated request (420, 487, 400 for a missing PRIORITY). */
  static byte[] authenticatedError(StunMessage request, StunErrorCode error, IceCredentials local,
      List<Integer> unknownAttributes) {
    StunMessageWriter w = new StunMessageWriter(StunClass.ERROR_RESPONSE,
        StunMessage.METHOD_BINDING, request.transactionId())
        .add(error.encode());
    if (!unknownAttributes.isEmpty()) {
      // UNKNOWN-ATTRIBUTES (RFC 8489 section 14.9): the 16-bit types, one after another
      ByteArrayOutputStream types = new ByteArrayOutputStream();
      for (int t : unknownAttributes) {
        types.write(t >>> 8);
        types.write(t);
      }
      w.add(StunAttributes.UNKNOWN_ATTRIBUTES, types.toByteArray());
    }
    return w.integrity(local.key()).fingerprint().toBytes();
  }
}
