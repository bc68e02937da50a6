// The page's shared helpers: its elements by id, a new element with its text (textContent,
// never HTML), an error shown at its place or hidden, and the polite live region.
export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function showError(id, message) {
  const node = $(id);
  node.textContent = message || "";
  node.hidden = !message;
}

// One polite live region (#announce) says what a screen reader user would otherwise miss:
// each stage once (not its waits), that the run finished (the verdict is read by its heading,
// which takes the focus), an account or export added, an error, a change of meaning in the
// address hint. Saying the same words again is skipped unless "again" (an error repeated on
// a new try).
export function announce(text, again) {
  const node = $("announce");
  if (node.textContent === text && !again) return;
  node.textContent = again && node.textContent === text ? text + "\u00a0" : text;
}
