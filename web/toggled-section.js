// A section of the page that a button opens and closes, loaded afresh each time it opens (and on
// refresh while open). An answer that arrives after a newer load started is dropped, so a slow
// response never overwrites a newer one.

export function toggledSection({ section, toggle, load, onError }) {
  let latest = 0;

  async function refresh() {
    const ticket = ++latest;
    section.dataset.state = 'loading';
    try {
      const show = await load();
      if (ticket !== latest) return;
      show();
      section.dataset.state = 'ready';
    } catch (err) {
      if (ticket !== latest) return;
      section.dataset.state = 'error';
      onError(err);
    }
  }

  function setOpen(open) {
    section.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) void refresh();
  }

  toggle.addEventListener('click', () => setOpen(section.hidden));
  return { refreshIfOpen: () => !section.hidden && void refresh() };
}
