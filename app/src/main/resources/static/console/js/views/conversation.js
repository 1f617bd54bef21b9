// One conversation: its facts, participants, recordings, files and events; start a recording;
// issue a join token (with a link to the example page, which joins with it).
import {get, post, seg} from '../api.js';
import {h, table, field, select, link, time, duration, bytes, facts, formValues, intOrUndefined, replace}
  from '../dom.js';

const ROLES = ['publisher', 'subscriber', 'recorder', 'moderator'];

export async function render(ctx, id) {
  const [d, files] = await Promise.all([
    get('/conversations/' + seg(id)),
    get('/conversations/' + seg(id) + '/files?limit=20'),
  ]);
  if (!ctx.alive()) {
    return;
  }
  const c = d.conversation;
  const startButton = h('button', {type: 'button', id: 'start-recording'}, 'Start recording');
  startButton.addEventListener('click', async () => {
    try {
      const r = await post('/conversations/' + seg(c.id) + '/recordings');
      ctx.go('#/recordings/' + seg(r.recordingId), 'Recording ' + r.recordingId + ' started.');
    } catch (err) {
      ctx.fail(err);
    }
  });
  replace(ctx.main,
    h('h2', {}, 'Conversation ', h('span', {id: 'conversation-title'}, c.title || c.id)),
    facts([
      ['Id', h('code', {id: 'conversation-id'}, c.id)],
      ['Status', h('span', {class: 'badge ' + c.status, id: 'conversation-status'}, c.status)],
      ['Planned start', time(c.plannedStart)],
      ['Planned end', time(c.plannedEnd)],
      ['Auto-record', c.record ? 'yes' : 'no'],
      ['Schedule', c.scheduleId ? link('#/schedules/' + seg(c.scheduleId), c.scheduleId) : ''],
      ['Created', time(c.createdAt)],
    ]),
    h('div', {class: 'actions'},
      startButton,
      link('#/files?conversation=' + encodeURIComponent(c.id), 'Files', {class: 'button secondary', id: 'open-files'}),
      link('#/schedules?conversation=' + encodeURIComponent(c.id), 'Schedules', {class: 'button secondary'}),
      link('#/recordings?conversation=' + encodeURIComponent(c.id), 'Recordings', {class: 'button secondary'})),
    tokenForm(ctx, c.id),
    h('h3', {}, 'Participants'),
    table([
      {title: 'Participant', cell: p => h('code', {}, p.participantId)},
      {title: 'Name', cell: p => p.name || ''},
      {title: 'Role', cell: p => p.role || ''},
      {title: 'Joined', cell: p => time(p.joinedAt)},
      {title: 'Left', cell: p => time(p.leftAt)},
      {title: 'Online', cell: p => p.online ? 'yes' : 'no'},
    ], d.participants, 'Nobody joined yet.'),
    h('h3', {}, 'Recordings'),
    table([
      {title: 'Recording', cell: r => link('#/recordings/' + seg(r.recordingId), r.recordingId)},
      {title: 'Status', cell: r => h('span', {class: 'badge ' + r.status}, r.status)},
      {title: 'Started', cell: r => time(r.startedAt)},
      {title: 'Duration', cell: r => duration(r.startedAt, r.stoppedAt)},
    ], d.recordings, 'No recordings yet.', {id: 'conversation-recordings'}),
    h('h3', {}, 'Files', files.total > files.items.length ? ' (first ' + files.items.length + ' of ' + files.total + ')'
      : ''),
    table([
      {title: 'Name', cell: f => f.name},
      {title: 'Size', cell: f => bytes(f.size)},
      {title: 'Uploader', cell: f => f.uploader || ''},
      {title: 'Uploaded', cell: f => time(f.createdAt)},
    ], files.items, 'No files exchanged yet.', {id: 'conversation-files'}),
    h('h3', {}, 'Events', d.eventsTotal > d.events.length ? ' (first ' + d.events.length + ' of ' + d.eventsTotal + ')' : ''),
    table([
      {title: 'At', cell: e => time(e.at)},
      {title: 'Type', cell: e => e.type},
      {title: 'Participant', cell: e => e.participantId || ''},
      {title: 'Detail', cell: e => e.detail || ''},
    ], d.events, 'No events yet.'));
}

function tokenForm(ctx, conversationId) {
  const result = h('div', {id: 'token-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'stack', id: 'token-form'},
    field('Participant id', h('input', {name: 'participantId', required: true, pattern: '[A-Za-z0-9._-]{1,64}'})),
    field('Name', h('input', {name: 'name', maxlength: 128})),
    field('Role', select('role', ROLES, 'publisher')),
    field('Valid for (seconds)', h('input', {name: 'ttlSeconds', type: 'number', min: 1}), 'default 1 h'),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Issue token')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const v = formValues(form);
    const body = {participantId: v.participantId, role: v.role, ttlSeconds: intOrUndefined(v.ttlSeconds)};
    if (v.name) {
      body.name = v.name;
    }
    try {
      const t = await post('/conversations/' + seg(conversationId) + '/tokens', body);
      const example = '/example.html?' + new URLSearchParams({conversation: t.conversationId, token: t.token});
      replace(result,
        facts([
          ['Participant', t.participantId + ' (' + t.role + ')'],
          ['Expires', time(t.expiresAt)],
          ['Signaling', h('code', {}, t.signalingPath)],
        ]),
        h('code', {class: 'token', id: 'issued-token'}, t.token),
        h('p', {}, link(example, 'Open the example page with this token', {id: 'example-link', target: '_blank',
          rel: 'noopener'})));
    } catch (err) {
      ctx.fail(err);
    }
  });
  return h('section', {class: 'panel'}, h('h3', {}, 'Issue a join token'), form, result);
}
