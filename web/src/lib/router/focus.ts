/**
 * After a page change within the app: focus the new page's main heading, so a screen reader
 * reads where it is and Tab goes on from the page's top (focus stayed on <body>, or on a link
 * that no longer exists, and nothing was announced). A page whose heading waits for its data
 * (a base's name) gets <main> at once and its heading when it is drawn, unless focus has moved
 * on meanwhile. Returns a stop for a page left before its heading came.
 */
export function focusPage(main: HTMLElement | null, waitMs = 10_000): () => void {
  if (!main) return () => {};
  const heading = () => main.querySelector<HTMLElement>('h1');
  const first = heading();
  if (first) {
    focusQuietly(first);
    return () => {};
  }
  focusQuietly(main);
  const observer = new MutationObserver(() => {
    const h = heading();
    if (!h) return;
    stop();
    if (document.activeElement === main) focusQuietly(h);
  });
  observer.observe(main, { childList: true, subtree: true });
  const timer = setTimeout(() => observer.disconnect(), waitMs);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  return stop;
}

/**
 * Focus an element that is not a control (tabindex=-1: focusable by script, not a Tab stop), where
 * it is. The tabindex goes again when focus leaves: a <main> left focusable takes focus from every
 * click on its empty space (and Chromium's renderer crashed on such a click inside an open filter menu).
 */
function focusQuietly(el: HTMLElement): void {
  if (!el.hasAttribute('tabindex')) {
    el.tabIndex = -1;
    el.addEventListener('blur', () => el.removeAttribute('tabindex'), { once: true });
  }
  // The router has already scrolled to the top; the heading is there.
  el.focus({ preventScroll: true });
}
