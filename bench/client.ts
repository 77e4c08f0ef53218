/**
 * The bench's load client, run as its own process (bench/run.ts forks it), so that the client's
 * work does not share the server's event loop, as with a browser. It knows nothing of the server
 * but its URL: it receives the request paths over IPC, sends them over HTTP with bounded
 * concurrency, stops at the last path or at the time limit, and reports the latencies back.
 */
export interface ClientJob { url: string; paths: string[]; concurrency: number; maxSeconds: number }
export interface ClientReport { latencies: number[]; errors: number; firstError: string | null; seconds: number; cpuPercent: number }

async function run(job: ClientJob): Promise<ClientReport> {
  const latencies: number[] = [];
  let errors = 0; let firstError: string | null = null; let next = 0;
  const deadline = performance.now() + job.maxSeconds * 1000;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (next < job.paths.length && performance.now() < deadline) {
      const path = job.paths[next++];
      const t = performance.now();
      try {
        const r = await fetch(`${job.url}${path}`);
        const body = await r.arrayBuffer();
        if (!r.ok) throw new Error(`${r.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
        latencies.push(performance.now() - t);
      } catch (err) {
        errors++;
        firstError ??= String((err as Error).message ?? err);
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { latencies, errors, firstError, seconds, cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100 };
}

process.once('message', (job: ClientJob) => {
  run(job).then((report) => process.send!(report, () => process.exit(0)), (err) => { console.error(err); process.exit(1); });
});
