// The dashboard token and the triager's name live in localStorage only; they are never in the page.
const TOKEN = 'triageflow.dashboardToken';
const ACTOR = 'triageflow.actor';

function read(key) {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return ''; // storage can be disabled (private mode, policies); the form still works per session
  }
}

function write(key, value) {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // see read()
  }
}

export const prefs = {
  get token() { return read(TOKEN); },
  set token(value) { write(TOKEN, value); },
  get actor() { return read(ACTOR); },
  set actor(value) { write(ACTOR, value); },
};
