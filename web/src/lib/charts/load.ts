/**
 * The chart library (echarts.ts, its own chunk), fetched once. main.ts asks for it as the app
 * starts, so the chunk downloads and compiles while the page waits for its data, instead of
 * after the first panel's answer mounted a chart (that order cost a whole round trip plus the
 * library's compile time on a first visit). It stays out of the entry chunk: the KPI cards and
 * tables never wait for it. A failed load is forgotten, so the next chart tries again.
 */
type Charts = typeof import('./echarts.ts');

let loading: Promise<Charts> | undefined;

export function loadCharts(): Promise<Charts> {
  if (!loading) {
    const p = import('./echarts.ts');
    loading = p;
    p.catch(() => { if (loading === p) loading = undefined; });
  }
  return loading;
}
