package io.tapline.sfu.signaling;

/** Carries out one request type; throws {@link SignalingException} to refuse it. */
@FunctionalInterface
interface RequestHandler {
  void handle(SignalingConnection connection, Request request);
}
