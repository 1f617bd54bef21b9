package io.tapline.app.api;

import io.tapline.app.api.ApiModels.CreateWebhook;
import io.tapline.app.api.ApiModels.DeliveryView;
import io.tapline.app.api.ApiModels.PageView;
import io.tapline.app.api.ApiModels.WebhookView;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions and their deliveries (openapi.yaml, tag webhooks). */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
public class WebhookController {
  private final WebhookService webhooks;
  private final Paging paging;

  public WebhookController(WebhookService webhooks, Paging paging) {
    this.webhooks = webhooks;
    this.paging = paging;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<WebhookView> create(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @RequestBody(required = false) CreateWebhook body) {
    WebhookView v = webhooks.create(app, body);
    return ResponseEntity.created(URI.create("/api/v1/webhooks/" + v.webhookId())).body(v);
  }

  @GetMapping
  PageView<WebhookView> list(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @RequestParam(required = false) Long offset, @RequestParam(required = false) Integer limit) {
    return webhooks.list(app, paging.request(offset, limit));
  }

  @DeleteMapping("/{webhookId}")
  ResponseEntity<Void> delete(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String webhookId) {
    webhooks.delete(app, webhookId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{webhookId}/deliveries")
  PageView<DeliveryView> deliveries(@RequestAttribute(ApiKeyFilter.APPLICATION) String app,
      @PathVariable String webhookId, @RequestParam(required = false) String status,
      @RequestParam(required = false) Long offset, @RequestParam(required = false) Integer limit) {
    return webhooks.deliveries(app, webhookId, status, paging.request(offset, limit));
  }
}
