// Files exchanged in a conversation: upload (multipart, with progress), list, download (checked
// against the stored SHA-256) and delete (after a confirmation).
import {get, del, upload, query, seg} from '../api.js';
import {h, table, field, link, button, time, bytes, pager, confirmDialog, replace} from '../dom.js';
import {downloadButton} from './downloads.js';

export async function render(ctx) {
  const conversationId = ctx.params.get('conversation') || '';
  const pick = h('form', {class: 'stack', id: 'files-of'},
    field('Conversation id', h('input', {name: 'conversation', required: true, value: conversationId})),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Show files')));
  pick.addEventListener('submit', e => {
    e.preventDefault();
    ctx.go('#/files?conversation=' + encodeURIComponent(pick.elements.conversation.value.trim()));
  });
  if (!conversationId) {
    replace(ctx.main, h('h2', {}, 'Files'), h('section', {class: 'panel'}, pick),
      h('p', {class: 'hint'}, 'Files belong to a conversation: pick one.'));
    return;
  }
  const offset = Number(ctx.params.get('offset') || 0);
  const base = '/conversations/' + seg(conversationId) + '/files';
  const page = await get(base + query({offset, limit: 20}));
  if (!ctx.alive()) {
    return;
  }
  const reload = message => ctx.go('#/files?conversation=' + encodeURIComponent(conversationId)
    + '&offset=' + offset + '&t=' + Date.now(), message);
  replace(ctx.main,
    h('h2', {}, 'Files of ', link('#/conversations/' + seg(conversationId), conversationId)),
    h('section', {class: 'panel'}, pick),
    uploadForm(ctx, base, reload),
    table([
      {title: 'Name', cell: f => f.name},
      {title: 'Size', cell: f => bytes(f.size)},
      {title: 'Type', cell: f => f.contentType || ''},
      {title: 'Uploader', cell: f => f.uploader || ''},
      {title: 'Uploaded', cell: f => time(f.createdAt)},
      {title: 'SHA-256', cell: f => h('code', {}, f.sha256)},
      {title: '', cell: f => h('span', {class: 'actions', 'data-file-id': f.fileId, 'data-file-name': f.name},
        downloadButton(ctx, '/files/' + seg(f.fileId) + '/content', f.name, f.sha256, 'download-' + f.fileId),
        button('Delete', async () => {
          if (!await confirmDialog('Delete the file "' + f.name + '"? This cannot be undone.')) {
            return;
          }
          try {
            await del('/files/' + seg(f.fileId));
            reload('File ' + f.name + ' deleted.');
          } catch (err) {
            ctx.fail(err);
          }
        }, {class: 'danger', id: 'delete-' + f.fileId}))},
    ], page.items, 'No files in this conversation.', {id: 'file-list'}),
    pager(page, o => ctx.go('#/files?conversation=' + encodeURIComponent(conversationId) + '&offset=' + o)));
}

function uploadForm(ctx, base, reload) {
  const progress = h('progress', {id: 'upload-progress', max: 100, value: '0', 'aria-label': 'upload progress'});
  const label = h('span', {id: 'upload-state'});
  const form = h('form', {class: 'stack', id: 'upload-form'},
    field('File', h('input', {type: 'file', name: 'file', id: 'upload-file', required: true})),
    field('Uploader (participant id, optional)', h('input', {name: 'uploader'})),
    h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'upload-button'}, 'Upload'), progress, label));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) {
      form.elements.file.focus();
      return;
    }
    const data = new FormData();
    data.append('file', file, file.name);
    if (form.elements.uploader.value.trim()) {
      data.append('uploader', form.elements.uploader.value.trim());
    }
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const f = await upload(base, data, (loaded, total) => {
        const percent = total ? Math.floor(loaded * 100 / total) : 0;
        progress.value = percent;
        label.textContent = bytes(loaded) + (total ? ' of ' + bytes(total) : '');
      });
      progress.value = 100;
      reload('Uploaded ' + f.name + ' (' + bytes(f.size) + ', sha256 ' + f.sha256 + ').');
    } catch (err) {
      ctx.fail(err);
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {class: 'panel'}, h('h3', {}, 'Upload a file'), form);
}
