import './app.css';
import './print.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { loadCharts } from './lib/charts/load.ts';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

// Fetch the chart library now, beside the page's first API requests, not after their answers.
loadCharts().catch(() => {});

export default mount(App, { target });
