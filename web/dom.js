// Issue titles, bodies and labels come from GitHub and are untrusted: data enters the page only as
// text nodes or attribute values, never through innerHTML.

/** Creates an element. `text` sets textContent, `on*` adds listeners, other props become attributes. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  appendChildren(el, children);
  return el;
}

function appendChildren(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    // append() turns strings into text nodes, so markup in data stays literal.
    el.append(typeof child === 'object' ? child : String(child));
  }
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  appendChildren(el, children);
  return el;
}

/** Returns the URL if it is plain http(s), so data can never smuggle in a javascript: link. */
export function safeHref(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const parsed = new window.URL(url, window.location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An external link, or plain text when the URL is missing or not http(s). */
export function externalLink(url, label, props = {}) {
  const href = safeHref(url);
  if (!href) return h('span', { class: 'muted', title: 'Not available' }, label);
  return h('a', { ...props, href, target: '_blank', rel: 'noopener noreferrer' }, label);
}

/** Restarts a one-shot CSS animation class on an element. */
export function flash(el, className = 'is-flashing') {
  el.classList.remove(className);
  void el.offsetWidth; // forces a reflow so the animation runs again
  el.classList.add(className);
  el.addEventListener('animationend', () => el.classList.remove(className), { once: true });
}
