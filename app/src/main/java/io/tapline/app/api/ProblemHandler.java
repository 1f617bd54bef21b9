package io.tapline.app.api;

import io.tapline.app.api.content.ByteRange;
import io.tapline.sfu.conversation.ConversationException;
import io.tapline.storage.NotFoundException;
import io.tapline.storage.StorageException;
import io.tapline.storage.crypto.KeyUnavailableException;
import io.tapline.storage.object.ObjectTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every API error as problem+json: the caller's (4xx) with what to fix, ours (5xx) logged. */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest r) {
    return answer(e.status(), e.type(), e.getMessage(), r);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest r) {
    String why = e.getMostSpecificCause().getMessage();
    if (why != null && why.length() > 300) {
      why = why.substring(0, 300) + "...";
    }
    return answer(HttpStatus.BAD_REQUEST, "bad-json",
        "the request body is not the JSON this endpoint takes: " + why, r);
  }

  @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
  ResponseEntity<ProblemDetail> badParameter(Exception e, HttpServletRequest r) {
    String detail = e instanceof MethodArgumentTypeMismatchException m
        ? "parameter '" + m.getName() + "' has a wrong value: " + m.getValue()
        : e.getMessage();
    return answer(HttpStatus.BAD_REQUEST, "validation", detail, r);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest r) {
    return answer(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
        e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods(), r);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest r) {
    String wanted = e.getSupportedMediaTypes().stream().map(MediaType::toString).findFirst()
        .orElse(MediaType.APPLICATION_JSON_VALUE);
    return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
        "send the body as " + wanted + " (got " + e.getContentType() + ")", r);
  }

  @ExceptionHandler({ObjectTooLargeException.class, MaxUploadSizeExceededException.class})
  ResponseEntity<ProblemDetail> tooLarge(Exception e, HttpServletRequest r) {
    return answer(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "the upload is too large: " + e.getMessage(), r);
  }

  @ExceptionHandler(MissingServletRequestPartException.class)
  ResponseEntity<ProblemDetail> missingPart(MissingServletRequestPartException e, HttpServletRequest r) {
    return answer(HttpStatus.BAD_REQUEST, "validation", "the multipart body needs a part named '"
        + e.getRequestPartName() + "'", r);
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> badMultipart(MultipartException e, HttpServletRequest r) {
    String why = e.getMostSpecificCause().getMessage();
    return answer(HttpStatus.BAD_REQUEST, "bad-multipart", "the multipart/form-data body could not be read"
        + (why == null ? "" : ": " + why), r);
  }

  /** RFC 9110 section 15.5.17: the range selects nothing; say how long the content is. */
  @ExceptionHandler(ByteRange.Unsatisfiable.class)
  ResponseEntity<ProblemDetail> unsatisfiable(ByteRange.Unsatisfiable e, HttpServletRequest r) {
    ResponseEntity<ProblemDetail> p = answer(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
        e.getMessage() + "; ask for bytes within 0-" + (e.size() - 1), r);
    return ResponseEntity.status(p.getStatusCode()).headers(p.getHeaders())
        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.size()).body(p.getBody());
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest r) {
    return answer(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "this API answers application/json only", r);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest r) {
    return answer(HttpStatus.NOT_FOUND, "not-found", "no such endpoint: " + r.getRequestURI()
        + " (see /openapi.yaml)", r);
  }

  @ExceptionHandler(ConversationException.class)
  ResponseEntity<ProblemDetail> conversation(ConversationException e, HttpServletRequest r) {
    return switch (e.failure()) {
      case UNKNOWN_CONVERSATION, UNKNOWN_PARTICIPANT, UNKNOWN_TRACK ->
          answer(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), r);
      case CONVERSATION_ENDED, CONFLICT, INVALID_STATE -> answer(HttpStatus.CONFLICT, "invalid-state", e.getMessage(), r);
      case MEDIA_FAILURE -> {
        log.error("Media failure on {}", r.getRequestURI(), e);
        yield answer(HttpStatus.SERVICE_UNAVAILABLE, "media-failure",
            "the media plane could not do it (" + e.getMessage() + "); try again, and tell the operator if it lasts", r);
      }
    };
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> storageNotFound(NotFoundException e, HttpServletRequest r) {
    return answer(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), r);
  }

  /** Encrypted under a master key this node was not given: an operator's fix, not a retry. */
  @ExceptionHandler(KeyUnavailableException.class)
  ResponseEntity<ProblemDetail> keyUnavailable(KeyUnavailableException e, HttpServletRequest r) {
    log.error("{} asks for master key '{}', which is not configured "
        + "(tapline.storage.encryption-keys / encryption-key-file)", r.getRequestURI(), e.keyId());
    return answer(HttpStatus.SERVICE_UNAVAILABLE, "key-unavailable", "this content is encrypted "
        + "at rest under master key '" + e.keyId() + "', which this server was not given; "
        + "the operator must add it to tapline.storage.encryption-keys", r);
  }

  @ExceptionHandler(StorageException.class)
  ResponseEntity<ProblemDetail> storage(StorageException e, HttpServletRequest r) {
    if (e.isCallerFault()) {
      return answer(HttpStatus.BAD_REQUEST, "validation", e.getMessage(), r);
    }
    log.error("Storage failure on {}", r.getRequestURI(), e);
    return answer(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable",
        "storage is unavailable; try again later", r);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> bug(Exception e, HttpServletRequest r) {
    log.error("Unexpected error on {} {}", r.getMethod(), r.getRequestURI(), e);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
        "an error on our side; it is logged. Try again, and tell the operator if it lasts", r);
  }

  static ResponseEntity<ProblemDetail> answer(HttpStatus status, String type, String detail, HttpServletRequest r) {
    ProblemDetail p = Problems.of(status, type, detail);
    p.setInstance(URI.create(r.getRequestURI()));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }
}
