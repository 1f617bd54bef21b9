package io.tapline.app.api;

import io.tapline.app.api.ApiModels.FileView;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.content.ContentResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Files exchanged in conversations (openapi.yaml, tag files). Uploads are multipart/form-data;
 * the container writes the part to a temporary file as it arrives (never whole in memory) and it
 * is streamed from there to the object store.
 */
@RestController
@RequestMapping("/api/v1")
public class FileController {
  private final FileApiService files;
  private final Paging paging;
  private final ContentResponder responder;

  public FileController(FileApiService files, Paging paging, ContentResponder responder) {
    this.files = files;
    this.paging = paging;
    this.responder = responder;
  }

  @PostMapping(path = "/conversations/{conversationId}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<FileView> upload(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String conversationId, @RequestPart("file") MultipartFile file,
      @RequestParam(required = false) String uploader) throws IOException {
    FileView v;
    try (InputStream in = file.getInputStream()) {
      v = files.upload(app, conversationId, uploader, file.getOriginalFilename(), in);
    }
    return ResponseEntity.created(URI.create("/api/v1/files/" + v.fileId())).body(v);
  }

  @GetMapping(path = "/conversations/{conversationId}/files", produces = MediaType.APPLICATION_JSON_VALUE)
  PageView<FileView> list(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String conversationId, @RequestParam(required = false) Long offset,
      @RequestParam(required = false) Integer limit) {
    return files.list(app, conversationId, paging.request(offset, limit));
  }

  @GetMapping(path = "/files/{fileId}", produces = MediaType.APPLICATION_JSON_VALUE)
  FileView get(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String fileId) {
    return files.get(app, fileId);
  }

  @GetMapping("/files/{fileId}/content")
  void content(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String fileId,
      @RequestParam(defaultValue = "true") boolean redirect, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    responder.respond(files.object(app, fileId), redirect, req, res);
  }

  @DeleteMapping("/files/{fileId}")
  ResponseEntity<Void> delete(@RequestAttribute(ApiKeyFilter.APPLICATION) String app, @PathVariable String fileId) {
    files.delete(app, fileId);
    return ResponseEntity.noContent().build();
  }
}
