// A download button shared by the views: fetches through the API, checks the SHA-256 the index
// holds, hands the file to the browser and says what it got.
import {download} from '../api.js';
import {h, bytes} from '../dom.js';

export function downloadButton(ctx, path, name, sha256, id) {
  const out = h('span', {class: 'download-result', 'aria-live': 'polite'});
  const b = h('button', {type: 'button', class: 'secondary', id, 'data-name': name}, 'Download');
  b.addEventListener('click', async () => {
    b.disabled = true;
    out.replaceChildren(document.createTextNode(' downloading...'));
    try {
      const got = await download(path, name, sha256);
      out.replaceChildren(document.createTextNode(' ' + bytes(got.size) + ', sha256 '),
        h('code', {class: 'download-sha256'}, got.sha256),
        document.createTextNode(got.matches === null ? '' : got.matches ? ' (matches)' : ' (DOES NOT MATCH the stored checksum)'));
      out.dataset.size = String(got.size);
      out.dataset.matches = String(got.matches);
    } catch (err) {
      out.replaceChildren();
      ctx.fail(err);
    } finally {
      b.disabled = false;
    }
  });
  return h('span', {}, b, out);
}
