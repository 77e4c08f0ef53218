/**
 * Chart look shared by every chart: a calm categorical palette (readable on white, distinct
 * for the common forms of colour blindness in its first six entries), and the page's font
 * stack, so Chinese in the canvas renders with the same CJK font as the page.
 */
export const PALETTE = [
  '#2563eb', // blue
  '#e8871e', // orange
  '#0f9d8a', // teal
  '#c2417a', // magenta
  '#7a5af8', // violet
  '#6b8e23', // olive
  '#8c6d5a', // brown
  '#4b5563', // slate
];

export const INK = {
  text: '#1f2937',
  muted: '#6b7280',
  axis: '#d1d5db',
  split: '#eef0f3',
};

/** The page's font stack (app.css, --font-sans, which says why Noto Sans CJK SC comes first). */
export const FONT_STACK =
  "'Noto Sans CJK SC', -apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', system-ui, Roboto, 'Helvetica Neue', Arial, sans-serif";
