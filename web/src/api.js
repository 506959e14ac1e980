// The API client: same-origin JSON with the session cookie, the CSRF token on
// writes, and one error type whose message is the server's.

const CSRF_KEY = 'tocsin.csrf';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let onUnauthorised = () => {};
export function whenUnauthorised(callback) {
  onUnauthorised = callback;
}

export async function api(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = sessionStorage.getItem(CSRF_KEY);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    if (response.status === 401 && path !== '/session') {
      sessionStorage.removeItem(CSRF_KEY);
      onUnauthorised();
    }
    throw new ApiError(response.status, payload?.error?.message ?? `HTTP ${response.status}`);
  }
  return payload;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const put = (path, body = {}) => api('PUT', path, body);
export const patch = (path, body = {}) => api('PATCH', path, body);

export async function logIn(name, password) {
  const answer = await api('POST', '/session', {name, password});
  sessionStorage.setItem(CSRF_KEY, answer.csrf_token);
  return answer;
}

export function hasSession() {
  return sessionStorage.getItem(CSRF_KEY) !== null;
}

export async function logOut() {
  try {
    await api('DELETE', '/session');
  } finally {
    sessionStorage.removeItem(CSRF_KEY);
  }
}

export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// The routes this server offers (from its OpenAPI document), so that the page
// only asks for what exists.
let offered = null;
export async function offers(path) {
  if (!offered) {
    offered = fetch('/api/v1/openapi.json', {headers: {Accept: 'application/json'}})
      .then((response) => response.json())
      .then((document) => new Set(Object.keys(document.paths ?? {})));
  }
  return (await offered).has(`/api/v1${path}`);
}
