/**
 * The dashboard's page and its script. Figures arrive already suppressed from /api/report: a hidden
 * cell is null and is drawn as a gap, never as a number. No inline script, no outside address: the
 * page works offline and under a strict Content-Security-Policy. Data is placed with textContent only.
 */
export const dashboardPage = {
  html(quarters: string[], counties: { code: string; name: string }[]): string {
    const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const options = (items: [string, string][]) => items.map(([value, label]) => `<option value="${esc(value)}">${esc(label)}</option>`).join('');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Linda Mtoto: monitoring indicators</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:70rem}
.filters{display:flex;gap:1rem;flex-wrap:wrap;align-items:end;margin-bottom:1rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1.5rem}
figure{margin:0}canvas{max-height:20rem}table{border-collapse:collapse;margin-top:1.5rem}
td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left}td.n{text-align:right}
.note{color:#555;font-size:.9rem}
</style></head><body>
<h1>Online-safety indicators</h1>
<p class="note">Anonymous counts. Counts below 5 are shown as "&lt;5"; "hidden" is a count of 5 or more hidden so that a "&lt;5" cannot be worked out by subtraction. Both are gaps in the charts. "Reporting options shown" counts help pages shown, not cases reported.</p>
<form class="filters" id="filters">
<label>Quarter<br><select name="quarter">${options(quarters.map((q) => [q, q]))}</select></label>
<label>Channel<br><select name="channel">${options([['', 'all channels'], ['telegram', 'Telegram'], ['whatsapp', 'WhatsApp'], ['console', 'console']])}</select></label>
<label>County (referral look-ups)<br><select name="county">${options([['', 'all counties'], ...counties.map((c): [string, string] => [c.code, `${c.code} ${c.name}`])])}</select></label>
<a id="csv" href="report.csv">Download CSV</a>
</form>
<div class="charts">
<figure><figcaption>Trends by week (week starting, Nairobi time)</figcaption><canvas id="weekly"></canvas></figure>
<figure><figcaption>People reached by audience</figcaption><canvas id="audience"></canvas></figure>
<figure><figcaption>Referral look-ups by county</figcaption><canvas id="county"></canvas></figure>
<figure><figcaption>Lessons: started to completed</figcaption><canvas id="funnel"></canvas><p class="note" id="funnel-note"></p></figure>
</div>
<table><thead><tr><th>Indicator</th><th>Breakdown</th><th>Category</th><th>Value</th><th>Target</th><th>Variance</th></tr></thead><tbody id="table"></tbody></table>
<ul class="note" id="notes"></ul>
<script src="chart.umd.js"></script><script src="dashboard.js"></script>
</body></html>
`;
  },

  script: `'use strict';
const form = document.getElementById('filters');
const charts = {};
function draw(id, type, labels, datasets, extra) {
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart(document.getElementById(id), { type, data: { labels, datasets }, options: Object.assign({ animation: false, spanGaps: false }, extra || {}) });
}
function rows(report, indicator, breakdown) {
  return report.rows.filter((r) => r.indicator === indicator && r.breakdown === breakdown);
}
function total(report, indicator) {
  return rows(report, indicator, 'total')[0];
}
async function load() {
  const query = new URLSearchParams(new FormData(form));
  for (const [key, value] of [...query]) if (!value) query.delete(key);
  document.getElementById('csv').href = 'report.csv?' + query;
  const response = await fetch('api/report?' + query);
  if (!response.ok) throw new Error('report: ' + response.status);
  const report = await response.json();
  const series = ['conversations_started', 'reporting_options_shown', 'referral_lookups', 'crisis_interrupts'];
  const weeks = [...new Set(report.rows.filter((r) => r.breakdown === 'week starting').map((r) => r.category))].sort();
  draw('weekly', 'line', weeks, series.map((indicator) => ({
    label: total(report, indicator).label,
    data: weeks.map((week) => { const r = rows(report, indicator, 'week starting').find((x) => x.category === week); return r ? r.value : 0; }),
  })));
  const audience = rows(report, 'children_reached', 'age band').concat(rows(report, 'caregivers_reached', 'audience'));
  draw('audience', 'bar', audience.map((r) => r.category), [{ label: 'people reached (unique in the quarter)', data: audience.map((r) => r.value) }]);
  const county = rows(report, 'referral_lookups', 'county');
  draw('county', 'bar', county.map((r) => r.category), [{ label: 'referral look-ups', data: county.map((r) => r.value) }], { indexAxis: 'y' });
  const funnel = [total(report, 'lessons_started'), total(report, 'lessons_completed')];
  draw('funnel', 'bar', ['started', 'completed'], [{ label: 'lessons', data: funnel.map((r) => r.value) }]);
  document.getElementById('funnel-note').textContent = funnel.map((r) => r.label + ': ' + r.shown).join('; ');
  const body = document.getElementById('table');
  body.replaceChildren(...report.rows.filter((r) => r.breakdown !== 'week starting').map((r) => {
    const tr = document.createElement('tr');
    for (const [text, cls] of [[r.label], [r.breakdown], [r.category], [r.shown, 'n'], [r.target, 'n'], [r.variance, 'n']]) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    tr.dataset.indicator = r.indicator;
    return tr;
  }));
  document.getElementById('notes').replaceChildren(...report.notes.map((note) => { const li = document.createElement('li'); li.textContent = note; return li; }));
  document.body.dataset.loaded = report.period + '|' + report.channel + '|' + report.county;
}
form.addEventListener('change', () => { load().catch((e) => { document.body.dataset.error = String(e); }); });
load().catch((e) => { document.body.dataset.error = String(e); });
`,
};
