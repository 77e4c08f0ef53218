/**
 * A small in-page accessibility audit until axe-core can be added as a dev dependency: the
 * checks axe reports as serious or critical that this app can break — text contrast (WCAG AA),
 * controls without an accessible name, images without a text alternative, duplicate ids, and
 * the page landmarks (banner, navigation, main). Each finding names the element and its text.
 */
import type { Page } from 'playwright-core';

export interface A11yFinding {
  rule: 'color-contrast' | 'label' | 'image-alt' | 'duplicate-id' | 'landmark';
  target: string;
  detail: string;
}

export function audit(page: Page): Promise<A11yFinding[]> {
  return page.evaluate(() => {
    const out: { rule: string; target: string; detail: string }[] = [];
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const rgba = (c: string): [number, number, number, number] => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    /** The colour behind an element: its ancestors' backgrounds blended down to white; null under an image or gradient. */
    const background = (el: Element): number[] | null => {
      const layers: number[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none') return null;
        const c = rgba(s.backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let acc = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse()) acc = [r * a + acc[0] * (1 - a), g * a + acc[1] * (1 - a), b * a + acc[2] * (1 - a)];
      return acc;
    };
    const hidden = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width < 2 || r.height < 2 || getComputedStyle(el).visibility === 'hidden';
    };

    // Contrast: every element with its own text.
    for (const el of document.body.querySelectorAll('*')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
      if (!own || hidden(el) || el.closest('[aria-hidden=true], :disabled, [aria-disabled=true], option, script, style')) continue;
      const s = getComputedStyle(el);
      const bg = background(el);
      if (!bg) continue;
      const [r, g, b, a] = rgba(s.color);
      const fg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
      const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        out.push({ rule: 'color-contrast', target: describe(el), detail: `${ratio.toFixed(2)}:1 "${el.textContent!.trim().slice(0, 40)}" (${s.color} on rgb(${bg.map(Math.round).join(', ')}))` });
      }
    }

    // Every control has an accessible name.
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')) {
      const named = el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby')
        || (el as HTMLInputElement).labels?.length || el.getAttribute('title')?.trim()
        || (['button', 'a'].includes(el.tagName.toLowerCase()) && el.textContent!.trim());
      if (!named) out.push({ rule: 'label', target: describe(el), detail: 'no accessible name' });
    }
    for (const el of document.querySelectorAll('[aria-labelledby]')) {
      for (const id of el.getAttribute('aria-labelledby')!.split(/\s+/)) {
        if (!document.getElementById(id)) out.push({ rule: 'label', target: describe(el), detail: `aria-labelledby names a missing id ${id}` });
      }
    }
    for (const el of document.querySelectorAll('img, [role=img]')) {
      if (!(el.getAttribute('alt') ?? el.getAttribute('aria-label') ?? '').trim() && !el.getAttribute('aria-labelledby')) {
        out.push({ rule: 'image-alt', target: describe(el), detail: 'no text alternative' });
      }
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) out.push({ rule: 'duplicate-id', target: `#${id}`, detail: 'id used twice' });
    for (const [sel, name] of [['header, [role=banner]', 'banner'], ['nav, [role=navigation]', 'navigation'], ['main, [role=main]', 'main']]) {
      if (document.querySelectorAll(sel).length === 0) out.push({ rule: 'landmark', target: 'body', detail: `no ${name} landmark` });
    }
    if (document.querySelectorAll('main, [role=main]').length > 1) out.push({ rule: 'landmark', target: 'body', detail: 'more than one main' });
    return out;
  }) as Promise<A11yFinding[]>;
}
