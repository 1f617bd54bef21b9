// Webhook subscriptions: subscribe (the secret is shown once), list, delete (after a
// confirmation), and one subscription's deliveries with their status.
import {get, post, del, query, seg} from '../api.js';
import {h, table, field, link, button, time, pager, confirmDialog, formValues, replace} from '../dom.js';

// The jobs module's EventType wire names (the API refuses others with the list it knows).
const EVENT_TYPES = ['conversation.started', 'conversation.ended', 'participant.joined', 'participant.left',
  'recording.started', 'recording.paused', 'recording.resumed', 'recording.stopped', 'recording.ready',
  'recording.failed', 'composition.ready', 'composition.failed', 'file.uploaded', 'file.deleted',
  'schedule.missed'];
const STATUSES = ['', 'pending', 'delivered', 'failed'];

export async function render(ctx) {
  const offset = Number(ctx.params.get('offset') || 0);
  const page = await get('/webhooks' + query({offset, limit: 20}));
  if (!ctx.alive()) {
    return;
  }
  const secret = h('div', {id: 'webhook-secret', 'aria-live': 'polite'});
  replace(ctx.main,
    h('h2', {}, 'Webhooks'),
    table([
      {title: 'Webhook', cell: w => link('#/webhooks/' + seg(w.webhookId), w.webhookId)},
      {title: 'URL', cell: w => h('code', {}, w.url)},
      {title: 'Events', cell: w => w.eventTypes.join(', ')},
      {title: 'Created', cell: w => time(w.createdAt)},
      {title: '', cell: w => h('span', {class: 'actions'},
        link('#/webhooks/' + seg(w.webhookId), 'Deliveries', {class: 'button secondary'}),
        button('Delete', async () => {
          if (!await confirmDialog('Delete the webhook to ' + w.url + '? Pending deliveries will fail.')) {
            return;
          }
          try {
            await del('/webhooks/' + seg(w.webhookId));
            ctx.go('#/webhooks?t=' + Date.now(), 'Webhook ' + w.webhookId + ' deleted.');
          } catch (err) {
            ctx.fail(err);
          }
        }, {class: 'danger', id: 'delete-' + w.webhookId}))},
    ], page.items, 'No webhooks.', {id: 'webhook-list'}),
    pager(page, o => ctx.go('#/webhooks?offset=' + o)),
    createForm(ctx, secret),
    secret);
}

function createForm(ctx, secretArea) {
  const form = h('form', {class: 'stack', id: 'webhook-form'},
    field('URL (http or https)', h('input', {name: 'url', type: 'url', required: true, size: 50})),
    field('Secret (optional)', h('input', {name: 'secret', autocomplete: 'off'}), 'generated when empty'),
    h('fieldset', {},
      h('legend', {}, 'Event types'),
      EVENT_TYPES.map(t => h('label', {class: 'check'},
        h('input', {type: 'checkbox', name: 'event-' + t, value: t, 'data-group': 'eventTypes'}), t))),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Subscribe')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const v = formValues(form);
    const body = {url: v.url, eventTypes: v.eventTypes};
    if (v.secret) {
      body.secret = v.secret;
    }
    try {
      const w = await post('/webhooks', body);
      // Shown once: the list never has it again. Rendered on this page, not after a navigation.
      await render(ctx);
      const area = document.getElementById('webhook-secret');
      replace(area, h('section', {class: 'panel'},
        h('h3', {}, 'Subscribed ', h('code', {}, w.webhookId)),
        h('p', {}, 'Signing secret (shown this once; keep it to verify Tapline-Signature):'),
        h('code', {class: 'secret', id: 'new-webhook-secret'}, w.secret || '(the one you gave)')));
      ctx.notify('Webhook ' + w.webhookId + ' subscribed.');
    } catch (err) {
      ctx.fail(err);
    }
  });
  return h('section', {class: 'panel'}, h('h3', {}, 'Subscribe'), form);
}

export async function renderDeliveries(ctx, id) {
  const status = ctx.params.get('status') || '';
  const offset = Number(ctx.params.get('offset') || 0);
  const page = await get('/webhooks/' + seg(id) + '/deliveries' + query({status, offset, limit: 50}));
  if (!ctx.alive()) {
    return;
  }
  const here = '#/webhooks/' + seg(id) + '?status=' + encodeURIComponent(status);
  const filter = h('select', {id: 'delivery-status', 'aria-label': 'delivery status'},
    STATUSES.map(s => h('option', {value: s, selected: s === status}, s || 'any status')));
  filter.addEventListener('change', () => ctx.go('#/webhooks/' + seg(id) + '?status=' + encodeURIComponent(filter.value)));
  replace(ctx.main,
    h('h2', {}, 'Deliveries of ', h('code', {}, id)),
    h('p', {}, link('#/webhooks', 'All webhooks')),
    h('label', {class: 'field'}, h('span', {class: 'label'}, 'Status'), filter),
    table([
      {title: 'Delivery', cell: d => h('code', {}, d.deliveryId)},
      {title: 'Event', cell: d => d.eventType},
      {title: 'Status', cell: d => h('span', {class: 'badge ' + d.status}, d.status)},
      {title: 'Attempts', cell: d => String(d.attempts)},
      {title: 'Last HTTP status', cell: d => d.lastStatusCode ? String(d.lastStatusCode) : ''},
      {title: 'Last error', cell: d => d.lastError || ''},
      {title: 'Next attempt', cell: d => time(d.nextAttemptAt)},
    ], page.items, 'No deliveries.', {id: 'delivery-list'}),
    pager(page, o => ctx.go(here + '&offset=' + o)));
}
