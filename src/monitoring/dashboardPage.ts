/**
 * The dashboard's page and its script. Figures arrive already suppressed from /api/report: a hidden
 * cell is null and is drawn as a gap, never as a number; a chart with nothing to draw says so.
 * Categories are shown in words and indicators by their short names, with the full name on hover. No inline script, no outside address: the
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
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(30rem,100%),1fr));gap:1.5rem}
figure{margin:0;min-width:0}figure.wide{grid-column:1/-1}figcaption{font-weight:600;margin-bottom:.4rem}canvas{max-height:20rem}
.empty{display:flex;align-items:center;justify-content:center;height:12rem;margin:0;border:1px dashed #bbb;border-radius:.4rem;color:#555;background:#fafafa}
.empty[hidden]{display:none}
.scroll{overflow-x:auto;margin-top:1.5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left;vertical-align:top}.n,td.b{text-align:right;white-space:nowrap}td.b{text-align:left}
tr.total td{border-top:2px solid #999;font-weight:600}abbr{text-decoration:none;cursor:help}
.note{color:#555;font-size:.9rem}
</style></head><body>
<h1>Online-safety indicators</h1>
<p class="note">Anonymous counts. Counts below 5 are shown as "&lt;5"; "hidden" is a count of 5 or more hidden so that a "&lt;5" cannot be worked out by subtraction. Both are gaps in the charts. An average is shown only when it is taken over 5 or more people. Hover over a short name to read the full one. "Reporting options shown" counts help pages shown, not cases reported.</p>
<form class="filters" id="filters">
<label>Quarter<br><select name="quarter">${options(quarters.map((q) => [q, q]))}</select></label>
<label>Channel<br><select name="channel">${options([['', 'all channels'], ['telegram', 'Telegram'], ['whatsapp', 'WhatsApp'], ['console', 'Console (terminal)']])}</select></label>
<label>County (referral look-ups)<br><select name="county">${options([['', 'all counties'], ...counties.map((c): [string, string] => [c.code, `${c.code} ${c.name}`])])}</select></label>
<a id="csv" href="report.csv">Download CSV</a>
</form>
<div class="charts">
<figure class="wide"><figcaption>Trends by week (week starting, Nairobi time)</figcaption><canvas id="weekly"></canvas><p class="empty" id="weekly-empty" hidden>Not enough data yet: figures below 5 are not drawn.</p></figure>
<figure><figcaption>People reached, by age band or audience</figcaption><canvas id="audience"></canvas><p class="empty" id="audience-empty" hidden>Not enough data yet: figures below 5 are not drawn.</p></figure>
<figure><figcaption>People reached, by the language they chose</figcaption><canvas id="language"></canvas><p class="empty" id="language-empty" hidden>Not enough data yet: figures below 5 are not drawn.</p></figure>
<figure><figcaption>Referral look-ups by county</figcaption><canvas id="county"></canvas><p class="empty" id="county-empty" hidden>Not enough data yet: figures below 5 are not drawn.</p></figure>
<figure><figcaption>Lessons: started to completed</figcaption><canvas id="funnel"></canvas><p class="empty" id="funnel-empty" hidden>Not enough data yet: figures below 5 are not drawn.</p><p class="note" id="funnel-note"></p></figure>
</div>
<div class="scroll"><table><thead><tr><th>Indicator</th><th>Breakdown</th><th>Category</th><th class="n">Value</th><th class="n">Target</th><th class="n">Variance</th></tr></thead><tbody id="table"></tbody></table></div>
<ul class="note" id="notes"></ul>
<script src="chart.umd.js"></script><script src="dashboard.js"></script>
</body></html>
`;
  },

  script: `'use strict';
const form = document.getElementById('filters');
const charts = {};
const hasData = (datasets) => datasets.some((d) => d.data.some((v) => typeof v === 'number'));
/** Draw a chart, or say there is not enough data yet when every figure is hidden or missing. */
function draw(id, type, labels, datasets, extra) {
  if (charts[id]) charts[id].destroy();
  delete charts[id];
  const canvas = document.getElementById(id);
  const empty = !hasData(datasets);
  canvas.hidden = empty;
  document.getElementById(id + '-empty').hidden = !empty;
  canvas.dataset.empty = String(empty);
  if (empty) return;
  const full = datasets.map((d) => d.full || d.label);
  const across = extra && extra.indexAxis === 'y' ? 'x' : 'y';
  const options = {
    animation: false,
    spanGaps: false,
    scales: { [across]: { beginAtZero: true, grace: '10%', ticks: { precision: 0 } } },
    elements: { point: { radius: 4 } },
    plugins: {
      tooltip: { callbacks: { label: (ctx) => full[ctx.datasetIndex] + ': ' + ctx.formattedValue } },
      legend: {
        onHover: (event, item, legend) => { legend.chart.canvas.title = full[item.datasetIndex] || ''; },
        onLeave: (event, item, legend) => { legend.chart.canvas.title = ''; },
      },
    },
  };
  // A series with nothing to draw says so in the legend, rather than leaving the reader to look for it.
  const drawn = datasets.map((d) => ({ label: hasData([d]) ? d.label : d.label + ' (not enough data yet)', data: d.data }));
  charts[id] = new Chart(canvas, { type, data: { labels, datasets: drawn }, options: Object.assign(options, extra || {}) });
}
/** Category labels with a second line for each figure not drawn: "Ages 16-17" over "<5". */
function labelled(labels, datasets, named) {
  return labels.map((label, i) => {
    const gaps = datasets.filter((d) => d.rows[i] && d.rows[i].value === null).map((d) => (named ? d.gapName + ': ' : '') + d.rows[i].shown);
    return gaps.length ? [label, ...gaps] : label;
  });
}
function rows(report, indicator, breakdown) {
  return report.rows.filter((r) => r.indicator === indicator && r.breakdown === breakdown);
}
function total(report, indicator) {
  return rows(report, indicator, 'total')[0];
}
function cell(text, cls, title) {
  const td = document.createElement('td');
  if (title) {
    const abbr = document.createElement('abbr');
    abbr.title = title;
    abbr.textContent = text;
    td.append(abbr);
  } else td.textContent = text;
  if (cls) td.className = cls;
  return td;
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
  // A week missing from an indicator had none: a count below 5, drawn as a gap like every other.
  draw('weekly', 'line', weeks, series.map((indicator) => ({
    label: total(report, indicator).short,
    full: total(report, indicator).label,
    data: weeks.map((week) => { const r = rows(report, indicator, 'week starting').find((x) => x.category === week); return r ? r.value : null; }),
  })));
  const audience = rows(report, 'children_reached', 'age band').concat(rows(report, 'caregivers_reached', 'audience'));
  const reached = [{ label: 'people reached (unique in the quarter)', rows: audience, data: audience.map((r) => r.value) }];
  draw('audience', 'bar', labelled(audience.map((r) => r.categoryLabel), reached), reached);
  const children = rows(report, 'children_reached', 'language chosen');
  const adults = rows(report, 'caregivers_reached', 'language chosen');
  const languages = [
    { label: total(report, 'children_reached').short, full: total(report, 'children_reached').label, gapName: 'children', rows: children, data: children.map((r) => r.value) },
    { label: total(report, 'caregivers_reached').short, full: total(report, 'caregivers_reached').label, gapName: 'adults', rows: adults, data: adults.map((r) => r.value) },
  ];
  draw('language', 'bar', labelled(children.map((r) => r.categoryLabel), languages, true), languages);
  const county = rows(report, 'referral_lookups', 'county');
  const lookups = [{ label: 'referral look-ups', rows: county, data: county.map((r) => r.value) }];
  draw('county', 'bar', labelled(county.map((r) => r.categoryLabel), lookups), lookups, { indexAxis: 'y' });
  const funnel = [total(report, 'lessons_started'), total(report, 'lessons_completed')];
  const lessons = [{ label: 'lessons', rows: funnel, data: funnel.map((r) => r.value) }];
  draw('funnel', 'bar', labelled(['started', 'completed'], lessons), lessons);
  document.getElementById('funnel-note').textContent = funnel.map((r) => r.short + ': ' + r.shown).join('; ');
  const body = document.getElementById('table');
  body.replaceChildren(...report.rows.filter((r) => r.breakdown !== 'week starting').map((r) => {
    const tr = document.createElement('tr');
    const isTotal = r.breakdown === 'total';
    tr.append(
      isTotal ? cell(r.short, '', r.label) : cell(''),
      cell(isTotal ? '' : r.breakdown, 'b'),
      cell(isTotal ? 'total' : r.categoryLabel),
      cell(r.shown, 'n'),
      cell(r.targetText, 'n'),
      cell(r.varianceText, 'n'),
    );
    if (isTotal) tr.className = 'total';
    tr.dataset.indicator = r.indicator;
    tr.dataset.category = r.category;
    return tr;
  }));
  document.getElementById('notes').replaceChildren(...report.notes.map((note) => { const li = document.createElement('li'); li.textContent = note; return li; }));
  document.body.dataset.loaded = report.period + '|' + report.channel + '|' + report.county;
}
form.addEventListener('change', () => { load().catch((e) => { document.body.dataset.error = String(e); }); });
load().catch((e) => { document.body.dataset.error = String(e); });
`,
};
