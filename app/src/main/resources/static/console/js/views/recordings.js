// Recordings of one conversation (the API lists them per conversation), and a jump to any
// recording by id.
import {get, query, seg} from '../api.js';
import {h, table, field, link, time, duration, pager, replace} from '../dom.js';

export async function render(ctx) {
  const conversationId = ctx.params.get('conversation') || '';
  const pick = h('form', {class: 'stack', id: 'recordings-of'},
    field('Conversation id', h('input', {name: 'conversation', required: true, value: conversationId})),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'List recordings')));
  pick.addEventListener('submit', e => {
    e.preventDefault();
    ctx.go('#/recordings?conversation=' + encodeURIComponent(pick.elements.conversation.value.trim()));
  });
  const open = h('form', {class: 'stack', id: 'open-recording'},
    field('Recording id', h('input', {name: 'recording', required: true})),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Open recording')));
  open.addEventListener('submit', e => {
    e.preventDefault();
    ctx.go('#/recordings/' + seg(open.elements.recording.value.trim()));
  });
  let list = h('p', {class: 'hint'}, 'Pick a conversation (or open one from the conversations list).');
  let pages = null;
  if (conversationId) {
    const offset = Number(ctx.params.get('offset') || 0);
    const page = await get('/conversations/' + seg(conversationId) + '/recordings' + query({offset, limit: 20}));
    if (!ctx.alive()) {
      return;
    }
    list = table([
      {title: 'Recording', cell: r => link('#/recordings/' + seg(r.recordingId), r.recordingId)},
      {title: 'Status', cell: r => h('span', {class: 'badge ' + r.status}, r.status)},
      {title: 'Started', cell: r => time(r.startedAt)},
      {title: 'Stopped', cell: r => time(r.stoppedAt)},
      {title: 'Duration', cell: r => duration(r.startedAt, r.stoppedAt)},
    ], page.items, 'No recordings in this conversation.', {id: 'recording-list'});
    pages = pager(page, o => ctx.go('#/recordings?conversation=' + encodeURIComponent(conversationId)
      + '&offset=' + o));
  }
  replace(ctx.main, h('h2', {}, 'Recordings'),
    h('section', {class: 'panel'}, pick, open),
    conversationId ? h('h3', {}, 'Recordings of ', link('#/conversations/' + seg(conversationId), conversationId))
      : null,
    list, pages);
}
