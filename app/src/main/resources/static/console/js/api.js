// The console's only way to the server: the public REST API v1 with the operator's API key
// (Authorization: Bearer, as ApiKeyFilter wants it). The key lives in sessionStorage only: it is
// gone when the tab closes and is never written to a cookie or localStorage.

const KEY = 'tapline.console.apiKey';
const BASE = '/api/v1';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: key => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An answer other than 2xx, with the server's problem+json (RFC 9457) as it came. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem.title || 'HTTP ' + status) + (problem.detail ? ': ' + problem.detail : ''));
    this.status = status;
    this.problem = problem;
  }

  /** The key was missing, unknown or not allowed: the operator has to change it. */
  get authentication() {
    return this.status === 401 || this.status === 403;
  }
}

function authHeader() {
  const key = apiKey.get();
  if (!key) {
    throw new ApiError(401, {title: 'No API key',
      detail: 'paste an API key above (create one with "tapline apikey create --app NAME")'});
  }
  return 'Bearer ' + key;
}

async function problemOf(res) {
  const type = res.headers.get('Content-Type') || '';
  const text = await res.text();
  if (type.includes('json')) {
    try {
      const p = JSON.parse(text);
      if (p && typeof p === 'object') {
        return new ApiError(res.status, p);
      }
    } catch (e) {
      // not JSON after all: shown as text below
    }
  }
  return new ApiError(res.status, {title: res.statusText || 'HTTP ' + res.status, detail: text.slice(0, 500)});
}

/** A JSON call; resolves to the parsed body (null for 204), rejects with ApiError. */
export async function call(method, path, body) {
  const headers = {Authorization: authHeader(), Accept: 'application/json, application/problem+json'};
  const init = {method, headers, cache: 'no-store'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(BASE + path, init);
  if (!res.ok) {
    throw await problemOf(res);
  }
  return res.status === 204 ? null : res.json();
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = path => call('DELETE', path);

/** Query string of the defined values: query({offset: 0, status: undefined}) -> "?offset=0". */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Path segment for an id the user typed or the API returned. */
export const seg = id => encodeURIComponent(id);

/**
 * A multipart upload (XMLHttpRequest, because fetch reports no upload progress);
 * onProgress(loaded, total) as the body goes out. Resolves to the parsed answer.
 */
export function upload(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    let auth;
    try {
      auth = authHeader();
    } catch (e) {
      reject(e);
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('Authorization', auth);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.addEventListener('progress', e => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
      } else {
        reject(new ApiError(xhr.status, body && typeof body === 'object' ? body
          : {title: xhr.statusText || 'HTTP ' + xhr.status, detail: xhr.responseText.slice(0, 500)}));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, {title: 'Network error',
      detail: 'the upload did not reach the server (is it running? is the file too large?)'})));
    xhr.send(formData);
  });
}

export async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Downloads a content endpoint through this server (redirect=false: the key stays with the API,
 * no cross-origin fetch of the object store), checks the bytes' SHA-256 against `expectedSha256`
 * when given, and hands the file to the browser under `name`. Resolves to {size, sha256, matches}.
 * The file is held in memory while it is checked: fine for recordings and documents, not for
 * many-gigabyte archives (use the presigned link or the command line for those).
 */
export async function download(path, name, expectedSha256) {
  const res = await fetch(BASE + path + (path.includes('?') ? '&' : '?') + 'redirect=false',
    {headers: {Authorization: authHeader()}, cache: 'no-store'});
  if (!res.ok) {
    throw await problemOf(res);
  }
  const buffer = await res.arrayBuffer();
  const sha256 = await sha256Hex(buffer);
  const blob = new Blob([buffer], {type: res.headers.get('Content-Type') || 'application/octet-stream'});
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return {size: buffer.byteLength, sha256, matches: expectedSha256 ? expectedSha256 === sha256 : null};
}
