/**
 * The quarterly report as one self-contained HTML page: inline CSS, inline SVG bar charts, no
 * scripts, no external URLs (it is mailed and opened offline). Every text is escaped.
 */
import { escapeHtml } from '../integrations/templates/html';
import type { ReportModel, ReportRow, ReportSection } from './report-model';

/** `2026-07-01` → "1 July 2026". */
function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Arial, sans-serif';

const STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #f3f2f1; color: #0b0c0c; font: 16px/1.45 ${FONT_STACK}; }
  main { max-width: 960px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
  header { border-bottom: 6px solid #1d70b8; margin-bottom: 24px; padding-bottom: 12px; }
  h1 { font-size: 30px; margin: 0 0 4px; }
  h2 { font-size: 21px; margin: 32px 0 8px; }
  .period { font-size: 19px; margin: 0; }
  .meta, .note, .notes { color: #505a5f; font-size: 14px; }
  .notes { background: #f3f2f1; padding: 12px 16px; border-left: 4px solid #b1b4b6; }
  .notes p { margin: 4px 0; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
  td.value { text-align: right; white-space: nowrap; font-weight: 600; }
  .breakdown { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; align-items: start; }
  @media (max-width: 760px) { .breakdown { grid-template-columns: 1fr; } }
  svg.chart { width: 100%; height: auto; font-size: 12px; }
  svg.chart .label { fill: #0b0c0c; }
  svg.chart .bar { fill: #1d70b8; }
  svg.chart .value { fill: #0b0c0c; font-weight: 600; }
  svg.chart .suppressed { fill: #505a5f; font-style: italic; }
  @media print { body { background: #fff; } main { padding: 0; } section { break-inside: avoid; } }
`;

const ROW_HEIGHT = 24;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 200;
const VALUE_WIDTH = 50;

/**
 * A horizontal bar chart of a breakdown. A suppressed count gets no bar, only "<5": a bar's length
 * would give the hidden number back.
 */
export function barChart(section: ReportSection): string {
  const height = section.rows.length * ROW_HEIGHT + 8;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const max = Math.max(1, ...section.rows.map((r) => r.count ?? 0));
  const titleId = `${section.id}-chart-title`;
  const bars = section.rows.map((row, i) => {
    const y = 4 + i * ROW_HEIGHT;
    const middle = y + ROW_HEIGHT / 2;
    const length = row.count ? Math.max(2, Math.round((row.count / max) * BAR_WIDTH)) : 0;
    const shown = row.count !== null;
    return (
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${middle}" text-anchor="end" dominant-baseline="middle">` +
      `${escapeHtml(row.label)}</text>` +
      (length
        ? `<rect class="bar" x="${LABEL_WIDTH}" y="${y + 4}" width="${length}" height="${ROW_HEIGHT - 8}"/>`
        : '') +
      `<text class="${shown ? 'value' : 'suppressed'}" x="${LABEL_WIDTH + length + 6}" y="${middle}"` +
      ` dominant-baseline="middle">${escapeHtml(row.display)}</text>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-labelledby="${titleId}" viewBox="0 0 ${width} ${height}"` +
    ` width="${width}" height="${height}">` +
    `<title id="${titleId}">${escapeHtml(section.title)}</title>${bars.join('')}</svg>`
  );
}

function table(rows: ReportRow[], heading: string): string {
  const body = rows
    .map((r) => `<tr><td>${escapeHtml(r.label)}</td><td class="value">${escapeHtml(r.display)}</td></tr>`)
    .join('');
  return (
    `<table><thead><tr><th scope="col">${escapeHtml(heading)}</th><th scope="col" class="value">Figure</th></tr>` +
    `</thead><tbody>${body}</tbody></table>`
  );
}

function section(s: ReportSection): string {
  const note = s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : '';
  const content = s.chart
    ? `<div class="breakdown">${table(s.rows, s.column)}${barChart(s)}</div>`
    : table(s.rows, s.column);
  return `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${note}${content}</section>`;
}

/** How to read the figures, shown above them: written as HTML, so not escaped. */
const NOTES =
  '<p>Complaints are counted by the date they were received; every other figure by the date of its own event ' +
  '(a response when it was sent, a referral when it was made, an outcome when it was recorded). ' +
  'Dates are UK dates.</p>\n' +
  '<p>“&lt;5” is a count from 1 to 4, not shown so that no one can be identified. ' +
  '“suppressed” is a percentage or median withheld because it would reveal such a count; ' +
  '“n/a” means there was nothing to measure.</p>';

export function renderReportHtml(report: ReportModel): string {
  const scope = report.serviceArea ?? 'All service areas';
  const title = `${report.title}: ${report.periodLabel}, ${scope}`;
  const dates = `${escapeHtml(longDate(report.from))} to ${escapeHtml(longDate(report.to))}`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(report.title)}</h1>
<p class="period">${escapeHtml(report.periodLabel)}: ${dates} · ${escapeHtml(scope)}</p>
<p class="meta">Produced on ${escapeHtml(longDate(report.generatedOn))} for Heads of Service Areas. Aggregates only.</p>
</header>
<div class="notes">
${NOTES}
</div>
${report.sections.map(section).join('\n')}
</main>
</body>
</html>
`;
}
