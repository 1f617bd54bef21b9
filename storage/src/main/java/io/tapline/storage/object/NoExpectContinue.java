package io.tapline.storage.object;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Takes {@code Expect: 100-continue} off a request again: the S3 client's own interceptor adds it
 * to every PutObject and UploadPart whatever the HTTP client is told (SDK 2.40 has no switch for
 * it), and interceptors given in the client's override configuration run after the service's.
 * Used where {@link S3Settings#expectsContinue()} is false.
 */
final class NoExpectContinue implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
      ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    return request.firstMatchingHeader("Expect").isPresent()
        ? request.toBuilder().removeHeader("Expect").build() : request;
  }
}
