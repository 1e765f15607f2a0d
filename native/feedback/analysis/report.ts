// report.html: the conditions, the comparisons and two plots (inline SVG, no scripts).
import type { Comparison, ConditionSummary } from './compare';
import type { SessionMetrics } from './metrics';
import { safeLabel } from './tables';

const esc = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(digits)).toString();

const fmtP = (p: number | null) => (p === null ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));

const WIDTH = 560;
const ROW = 36;

/** Acceptance rate per condition: a bar with its bootstrap 95% interval. */
function ratePlot(conditions: ConditionSummary[]): string {
  const height = ROW * conditions.length + 30;
  const x = (v: number) => 120 + v * (WIDTH - 140);
  const rows = conditions.map((c, i) => {
    const y = 10 + i * ROW;
    const rate = c.acceptanceRate ?? 0;
    const [lo, hi] = c.acceptanceRateCi;
    const ci = Number.isFinite(lo)
      ? `<line x1="${x(lo)}" x2="${x(hi)}" y1="${y + 12}" y2="${y + 12}" stroke="#000" stroke-width="2"/>`
      : '';
    return `<text x="110" y="${y + 16}" text-anchor="end">${esc(safeLabel(c.condition)!)}</text><rect x="120" y="${y + 4}" width="${x(rate) - 120}" height="16" fill="#6a8fd8"/>${ci}<text x="${x(1) + 4}" y="${y + 16}">${fmt(c.acceptanceRate)}</text>`;
  });
  const axis = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<text x="${x(t)}" y="${height - 4}" text-anchor="middle">${t}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH + 40}" height="${height}" font-size="12" role="img" aria-label="Acceptance rate by condition">${rows.join('')}${axis}</svg>`;
}

/** Time on task per condition: every session as a dot, the median as a bar. */
function timePlot(sessions: readonly SessionMetrics[], conditions: ConditionSummary[]): string {
  const max = Math.max(1, ...sessions.map((s) => s.timeOnTaskS));
  const height = ROW * conditions.length + 30;
  const x = (v: number) => 120 + (v / max) * (WIDTH - 140);
  const rows = conditions.map((c, i) => {
    const y = 10 + i * ROW;
    const dots = sessions
      .filter((s) => s.condition === c.condition)
      .slice(0, 2000)
      .map(
        (s, k) =>
          `<circle cx="${x(s.timeOnTaskS).toFixed(1)}" cy="${y + 6 + (k % 13)}" r="2" fill="#6a8fd8" fill-opacity="0.5"/>`,
      )
      .join('');
    const m = c.medians.timeOnTaskS;
    const median =
      m === null
        ? ''
        : `<line x1="${x(m)}" x2="${x(m)}" y1="${y + 2}" y2="${y + 24}" stroke="#000" stroke-width="2"/>`;
    return `<text x="110" y="${y + 16}" text-anchor="end">${esc(safeLabel(c.condition)!)}</text>${dots}${median}`;
  });
  const axis = [0, 0.5, 1]
    .map((t) => `<text x="${x(t * max)}" y="${height - 4}" text-anchor="middle">${fmt(t * max)} s</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH + 40}" height="${height}" font-size="12" role="img" aria-label="Time on task by condition">${rows.join('')}${axis}</svg>`;
}

export function renderReport(input: {
  files: number;
  events: number;
  duplicates: number;
  leftOut?: number;
  sessions: readonly SessionMetrics[];
  conditions: ConditionSummary[];
  comparisons: Comparison[];
}): string {
  const { conditions, comparisons } = input;
  const conditionRows = conditions
    .map(
      (c) =>
        `<tr><td>${esc(safeLabel(c.condition)!)}</td><td>${c.sessions}${c.participants > 0 ? ` (${c.participants} participant(s))` : ''}</td><td>${c.variantsShown}</td><td>${c.variantsOffered}</td><td>${c.variantsAccepted} (${c.variantsUndone})</td><td>${fmt(c.acceptanceRate)} [${fmt(c.acceptanceRateCi[0])}, ${fmt(c.acceptanceRateCi[1])}]</td><td>${fmt(c.medians.timeOnTaskS)}</td><td>${fmt(c.medians.timeToFirstAcceptS)}</td><td>${fmt(c.medians.edits)}</td><td>${fmt(c.medians.undos)}</td><td>${fmt(c.medians.generations)}</td></tr>`,
    )
    .join('\n');
  const comparisonRows = comparisons
    .map(
      (c) =>
        `<tr><td>${esc(safeLabel(c.a)!)} − ${esc(safeLabel(c.b)!)}</td><td>${esc(c.metric)}</td><td>${esc(c.unit)}</td><td>${c.nA} / ${c.nB}</td><td>${fmt(c.estimateA)} / ${fmt(c.estimateB)}</td><td>${fmt(c.difference)} [${fmt(c.ciLow)}, ${fmt(c.ciHigh)}]</td><td>${esc(c.test)}</td><td>${fmt(c.statistic, 4)}</td><td>${fmtP(c.p)}</td><td>${esc(c.effectSizeName)} ${fmt(c.effectSize)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Study analysis</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}</style>
</head><body>
<h1>Study analysis</h1>
<p>${input.files} log file(s), ${input.sessions.length} session(s), ${input.events} event(s)${input.duplicates > 0 ? ` (${input.duplicates} read twice and counted once)` : ''}. A session without a condition in its log is in condition “none”.</p>${
    (input.leftOut ?? 0) > 0
      ? `\n<p>${input.leftOut} session(s) without a participant id left out of the sessions and the comparisons (projects opened outside the study; their events are still in the event tables).</p>`
      : ''
  }
<h2>Conditions</h2>
<table><tr><th>condition</th><th>sessions</th><th>variants shown</th><th>offered</th><th>accepted (undone)</th><th>acceptance rate [95% CI]</th><th>median time on task (s)</th><th>median time to first accept (s)</th><th>median edits</th><th>median undos</th><th>median generations</th></tr>
${conditionRows}</table>
<h3>Acceptance rate (pooled, bootstrap 95% interval over participants, or sessions without ids)</h3>
${ratePlot(conditions)}
<h3>Time on task (each dot a session, bar the median)</h3>
${timePlot(input.sessions, conditions)}
<h2>Comparisons</h2>
${
  comparisons.length === 0
    ? '<p>One condition only: nothing to compare.</p>'
    : `<p>Differences are the first condition minus the second; intervals are percentile bootstraps (seeded) over participants where the sessions carry participant ids, else over sessions. Acceptance is accepted variants (less accepts undone before the next generation) per variant offered (shown, accepted or rejected), so staging and inline results compare. Pooled rates: two-proportion z test, or Fisher's exact test when an expected count is below 5 — these treat every variant as independent and so <strong>ignore clustering</strong> in participants and sessions; the acceptanceRate row (Mann–Whitney U on per-participant rates) respects it. Other measures: Mann–Whitney U on per-participant means (per-session values without participant ids), difference of medians; the unit column says which.</p>
<table><tr><th>conditions</th><th>measure</th><th>unit</th><th>n</th><th>estimates</th><th>difference [95% CI]</th><th>test</th><th>statistic</th><th>p</th><th>effect size</th></tr>
${comparisonRows}</table>`
}
</body></html>
`;
}
