import { MediaQuery } from 'svelte/reactivity';

/**
 * A phone's width, where charts draw for a narrow canvas (wrapped legends, lying box plots,
 * shorter scatter labels): the breakpoint app.css lays pages out by (max-width: 640px).
 * Create it in a component's script: `const phone = phoneQuery();` then read `phone.current`.
 */
export const phoneQuery = (): MediaQuery => new MediaQuery('max-width: 640px');
