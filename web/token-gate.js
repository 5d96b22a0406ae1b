import { prefs } from './prefs.js';

// Asks for the dashboard token once, when the server refuses a read, and keeps it in this browser.
// Saving reloads the page: every part (list, stats, socket) then starts again with the token.

export function tokenGate({ root, form, error }) {
  let shown = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = form.elements.token.value.trim();
    if (!token) {
      error.textContent = 'Paste the dashboard token first.';
      error.hidden = false;
      form.elements.token.focus();
      return;
    }
    prefs.token = token;
    window.location.reload();
  });
  return {
    show(serverMessage) {
      if (shown) return;
      shown = true;
      root.hidden = false;
      document.body.dataset.locked = 'true';
      if (prefs.token) {
        error.textContent = `The saved token was rejected (401): ${serverMessage}`;
        error.hidden = false;
      }
      form.elements.token.focus();
    },
  };
}
