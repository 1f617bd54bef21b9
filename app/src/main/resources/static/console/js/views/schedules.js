// Planned recordings: create (once or cron), list (all or one conversation's), one with what each
// planned start became, cancel (after a confirmation).
import {get, post, del, query, seg} from '../api.js';
import {h, table, field, link, button, time, facts, pager, confirmDialog, formValues, isoFromLocal,
  intOrUndefined, replace} from '../dom.js';

export async function render(ctx) {
  const conversationId = ctx.params.get('conversation') || '';
  const offset = Number(ctx.params.get('offset') || 0);
  const page = await get('/schedules' + query({conversationId, offset, limit: 20}));
  if (!ctx.alive()) {
    return;
  }
  const here = '#/schedules?conversation=' + encodeURIComponent(conversationId);
  replace(ctx.main,
    h('h2', {}, 'Schedules', conversationId ? [' of ', link('#/conversations/' + seg(conversationId), conversationId)]
      : ''),
    table([
      {title: 'Schedule', cell: s => link('#/schedules/' + seg(s.scheduleId), s.scheduleId)},
      {title: 'Conversation', cell: s => link('#/conversations/' + seg(s.conversationId), s.conversationId)},
      {title: 'Status', cell: s => h('span', {class: 'badge ' + s.status, 'data-schedule-status': s.scheduleId}, s.status)},
      {title: 'When', cell: s => s.cron ? h('code', {}, s.cron + ' (' + (s.zone || 'UTC') + ')') : time(s.start)},
      {title: 'Until', cell: s => s.stop ? time(s.stop) : s.durationSeconds ? s.durationSeconds + ' s' : ''},
      {title: 'Next start', cell: s => time(s.nextStart)},
      {title: '', cell: s => s.status === 'active' ? cancelButton(ctx, s, () => ctx.go(here + '&t=' + Date.now(),
        'Schedule ' + s.scheduleId + ' cancelled.')) : ''},
    ], page.items, 'No schedules.', {id: 'schedule-list'}),
    pager(page, o => ctx.go(here + '&offset=' + o)),
    createForm(ctx, conversationId));
}

export async function renderOne(ctx, id) {
  const s = await get('/schedules/' + seg(id));
  if (!ctx.alive()) {
    return;
  }
  replace(ctx.main,
    h('h2', {}, 'Schedule ', h('code', {}, s.scheduleId)),
    facts([
      ['Conversation', link('#/conversations/' + seg(s.conversationId), s.conversationId)],
      ['Status', h('span', {class: 'badge ' + s.status, id: 'schedule-status'}, s.status)],
      ['Start', time(s.start)],
      ['Cron', s.cron ? h('code', {}, s.cron + ' (' + (s.zone || 'UTC') + ')') : ''],
      ['Stop', time(s.stop)],
      ['Duration', s.durationSeconds ? s.durationSeconds + ' s' : ''],
      ['Grace for a first join', s.graceSeconds + ' s'],
      ['Next start', time(s.nextStart)],
      ['Created', time(s.createdAt)],
    ]),
    s.status === 'active' ? cancelButton(ctx, s, () => ctx.go('#/schedules/' + seg(id) + '?t=' + Date.now(),
      'Schedule cancelled.')) : null,
    h('h3', {}, 'Occurrences'),
    table([
      {title: 'Planned start', cell: o => time(o.plannedStart)},
      {title: 'State', cell: o => o.state},
      {title: 'Recording', cell: o => o.recordingId ? link('#/recordings/' + seg(o.recordingId), o.recordingId) : ''},
      {title: 'Detail', cell: o => o.detail || ''},
    ], s.occurrences, 'Nothing started yet.'));
}

function cancelButton(ctx, s, then) {
  return button('Cancel schedule', async () => {
    if (!await confirmDialog('Cancel schedule ' + s.scheduleId + '? Future starts are dropped; a recording '
      + 'already running keeps its stop.', 'Cancel schedule')) {
      return;
    }
    try {
      await del('/schedules/' + seg(s.scheduleId));
      then();
    } catch (err) {
      ctx.fail(err);
    }
  }, {class: 'danger', id: 'cancel-' + s.scheduleId});
}

function createForm(ctx, conversationId) {
  const form = h('form', {class: 'stack', id: 'schedule-form'},
    field('Conversation id', h('input', {name: 'conversationId', required: true, value: conversationId})),
    field('Start (once)', h('input', {name: 'start', type: 'datetime-local'})),
    field('Stop (once)', h('input', {name: 'stop', type: 'datetime-local'})),
    field('Cron (instead of a start)', h('input', {name: 'cron', placeholder: '0 0 9 ? * MON-FRI'}),
      'Quartz: seconds first'),
    field('Time zone of the cron', h('input', {name: 'zone', placeholder: 'UTC'})),
    field('Duration (seconds)', h('input', {name: 'durationSeconds', type: 'number', min: 1, max: 86400}),
      'instead of a stop'),
    field('Grace for a first join (seconds)', h('input', {name: 'graceSeconds', type: 'number', min: 0, max: 86400}),
      'default 900'),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Create schedule')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const v = formValues(form);
    const body = {
      start: isoFromLocal(v.start), stop: isoFromLocal(v.stop), cron: v.cron || undefined,
      zone: v.zone || undefined, durationSeconds: intOrUndefined(v.durationSeconds),
      graceSeconds: intOrUndefined(v.graceSeconds),
    };
    try {
      const s = await post('/conversations/' + seg(v.conversationId) + '/schedules', body);
      ctx.go('#/schedules?conversation=' + encodeURIComponent(s.conversationId) + '&t=' + Date.now(),
        'Schedule ' + s.scheduleId + ' created.');
    } catch (err) {
      ctx.fail(err);
    }
  });
  return h('section', {class: 'panel'}, h('h3', {}, 'Plan recordings'), form);
}
