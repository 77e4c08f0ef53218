/**
 * An in-page layout probe: what sticks out sideways. The page itself must never scroll
 * horizontally; every panel (and the other boxes of a page: filter bar, notes, header) must hold
 * its content inside its own edges; a table may scroll inside its own wrapper only where that is
 * allowed (a phone). Each finding names the element, its text and by how many pixels.
 */
import type { Page } from 'playwright-core';

export interface LayoutFinding {
  rule: 'page-scroll' | 'off-screen' | 'out-of-box' | 'inner-scroll' | 'clipped';
  target: string;
  detail: string;
}

/** The boxes whose content must stay inside their edges. */
export const BOXES = 'header, header nav, footer, main, main section, main aside, main fieldset, main form, [data-testid=filter-bar], main .title-row';

export function layoutAudit(page: Page, opts: { allowInnerScroll: boolean }): Promise<LayoutFinding[]> {
  return page.evaluate(({ allowInnerScroll, boxes }) => {
    const out: { rule: string; target: string; detail: string }[] = [];
    const TOL = 1; // sub-pixel rounding
    const describe = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).filter((c) => !c.startsWith('svelte-')).join('.')}` : '';
      const tid = el.getAttribute('data-testid');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      return `${el.tagName.toLowerCase()}${tid ? `[data-testid=${tid}]` : ''}${cls}${text ? ` "${text}"` : ''}`;
    };
    const scrollsX = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const clipsX = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
    /** Read by screen readers only (clipped to nothing on purpose). */
    const srOnly = (el: Element) => !!el.closest('.sr-only') || getComputedStyle(el).clip === 'rect(0px, 0px, 0px, 0px)';
    /** Drawn: not inside a closed <details>, not transparent, not hidden, with a size. */
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
    };
    /** The box an element is laid out in: a positioned ancestor for an absolute one (it escapes the boxes between), none when fixed. */
    const container = (el: Element): Element | null => {
      const pos = getComputedStyle(el).position;
      if (pos === 'fixed') return null;
      if (pos !== 'absolute') return el.parentElement;
      let e = el.parentElement;
      while (e && e !== document.body && getComputedStyle(e).position === 'static') e = e.parentElement;
      return e;
    };
    /** The nearest box (below `stop`) that clips or scrolls sideways what is inside it: what it holds is its business. */
    const clipper = (el: Element, stop: Element | null): Element | null => {
      for (let e = container(el); e && e !== stop && e !== document.body; e = container(e)) if (clipsX(e)) return e;
      return null;
    };
    const all = [...document.body.querySelectorAll('*')].filter((el) => visible(el) && !srOnly(el) && !el.closest('script, style, template'));

    const doc = document.documentElement;
    if (doc.scrollWidth > innerWidth) {
      // Name what reaches furthest right outside any scroller, drawn or not (an invisible box widens the page too).
      const wide = [...document.body.querySelectorAll('*')].filter((el) => !clipper(el, null))
        .map((el) => ({ el, right: el.getBoundingClientRect().right })).filter((x) => x.right > innerWidth + TOL)
        .sort((a, b) => b.right - a.right).slice(0, 3).map((x) => `${describe(x.el)} to ${Math.round(x.right)}`);
      out.push({ rule: 'page-scroll', target: 'html', detail: `scrollWidth ${doc.scrollWidth} > innerWidth ${innerWidth}; widest: ${wide.join('; ') || 'none found'}` });
    }
    // Past the window's right edge, outside any scroller: cut off or the cause of a sideways scroll.
    for (const el of all) {
      if (clipper(el, null)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + TOL || r.left < -TOL) {
        out.push({ rule: 'off-screen', target: describe(el), detail: `[${Math.round(r.left)}, ${Math.round(r.right)}] outside [0, ${innerWidth}]` });
      }
    }
    // Inside each box, everything not held by an inner scroller stays between the box's edges.
    for (const box of document.querySelectorAll(boxes)) {
      if (!visible(box)) continue;
      const b = box.getBoundingClientRect();
      for (const el of box.querySelectorAll('*')) {
        if (!visible(el) || srOnly(el) || clipper(el, box)) continue;
        const r = el.getBoundingClientRect();
        if (r.left < b.left - TOL || r.right > b.right + TOL) {
          out.push({ rule: 'out-of-box', target: describe(el), detail: `[${Math.round(r.left)}, ${Math.round(r.right)}] outside ${describe(box).slice(0, 60)} [${Math.round(b.left)}, ${Math.round(b.right)}]` });
        }
      }
    }
    // Scrollers: a table may scroll inside its wrapper (on a phone); anything else clipped is a defect.
    for (const el of all) {
      if (!clipsX(el) || el === doc || el === document.body) continue;
      const over = el.scrollWidth - el.clientWidth;
      if (over <= TOL) continue;
      const s = getComputedStyle(el);
      if (s.textOverflow === 'ellipsis') continue; // shortened on purpose, the full text in a title
      if (scrollsX(el) && el.querySelector('table')) {
        if (!allowInnerScroll) out.push({ rule: 'inner-scroll', target: describe(el), detail: `table scrolls ${over}px inside its wrapper` });
      } else {
        out.push({ rule: 'clipped', target: describe(el), detail: `${over}px of content cut off (overflow-x: ${s.overflowX})` });
      }
    }
    // One finding per element and rule is enough.
    const seen = new Set<string>();
    return out.filter((f) => !seen.has(`${f.rule}|${f.target}`) && seen.add(`${f.rule}|${f.target}`));
  }, { ...opts, boxes: BOXES }) as Promise<LayoutFinding[]>;
}

/**
 * Waits for a page to be finished: no panel loading or busy, every chart drawn, the fonts in.
 * (The ready selector of the page comes first, so an early empty DOM cannot pass.)
 */
export async function settled(page: Page, ready: string): Promise<void> {
  await page.waitForSelector(ready, { timeout: 30_000 });
  await page.waitForFunction(() =>
    !document.querySelector('[aria-busy=true], [data-state=loading]')
    && [...document.querySelectorAll('[data-rendered]')].every((c) => c.getAttribute('data-rendered') === 'true'),
  undefined, { timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}
