/** The quarterly report's rendering (src/report/): self-contained HTML with charts, a CSV of the same figures, always suppressed. */
import { describe, expect, it } from 'vitest';
import { presentStatistics } from '../src/domain/statistics';
import { renderReportCsv, csvField } from '../src/report/report-csv';
import { escapeHtml } from '../src/integrations/templates/html';
import { barChart, renderReportHtml } from '../src/report/report-html';
import { buildReport, labelOf } from '../src/report/report-model';
import { FIGURES } from './fixtures/report-figures';

const report = (serviceArea: string | null = 'Midlands') =>
  buildReport(presentStatistics(FIGURES, true), { periodLabel: '2026-Q3', serviceArea, generatedOn: '2026-10-05' });

/** A simple RFC 4180 reader, enough for the report's CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      field += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('the HTML report', () => {
  const html = renderReportHtml(report());

  it('is self-contained: no URLs, no scripts, no external resources', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\s(src|href|xlink:href)\s*=/i);
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
  });

  it('draws a bar chart for each breakdown', () => {
    expect(html.match(/<svg\b/g)).toHaveLength(11);
    expect(html).toContain('<title id="received-by-channel-chart-title">Complaints received, by channel</title>');
  });

  it('shows counts from 1 to 4 as <5, without a bar that would give them away', () => {
    const channel = barChart(report().sections.find((s) => s.id === 'received-by-channel')!);
    // IN_PERSON 2 is suppressed: three bars (PHONE 6, LETTER 8, EMAIL 32), and "<5" escaped.
    expect(channel.match(/<rect\b/g)).toHaveLength(3);
    expect(channel).toContain('>In person</text><text class="suppressed" x="196"');
    expect(channel).toContain('>&lt;5</text>');
    expect(channel).toMatch(
      /<rect class="bar" x="190" y="\d+" width="200" height="16"\/><text class="value" x="396" y="\d+" dominant-baseline="middle">32<\/text>/,
    );
    expect(html).toContain('<tr><td>In person</td><td class="value">&lt;5</td></tr>');
    expect(html).toContain('<tr><td>Email</td><td class="value">32</td></tr>');
    expect(html).toContain('<tr><td>Response deadlines extended</td><td class="value">&lt;5</td></tr>');
    expect(html).not.toMatch(/>\s*<5/);
    // 4 children of 48: the share would give the 4 back.
    expect(html).toContain(
      `<tr><td>Children&#39;s complaints (share of those received)</td><td class="value">suppressed</td></tr>`,
    );
    expect(html).toContain(
      '<tr><td>Responses on time (due date in force when sent)</td><td class="value">80.0%</td></tr>',
    );
    expect(html).toContain('<tr><td>Median working days to respond</td><td class="value">13.5</td></tr>');
  });

  it('names the period and the service area, escaped', () => {
    expect(html).toContain('<p class="period">2026-Q3: 1 July 2026 to 30 September 2026 · Midlands</p>');
    expect(renderReportHtml(report(null))).toContain('· All service areas</p>');
    const hostile = renderReportHtml(report('Tyne & Wear <script>alert(1)</script>'));
    expect(hostile).toContain('Tyne &amp; Wear &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).not.toContain('<script>');
  });

  it.each([
    ['a & b', 'a &amp; b'],
    ['<b>"x"</b>', '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'],
    ["it's", 'it&#39;s'],
    ['<5', '&lt;5'],
  ])('escapes %s as %s', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });
});

describe('the CSV report', () => {
  const rows = parseCsv(renderReportCsv(report()));
  const value = (section: string, key: string) => rows.filter((r) => r[0] === section && r[2] === key).map((r) => r[4]);

  it('has a row for every figure the HTML shows, with the same values', () => {
    expect(rows[0]).toEqual(['section', 'section_title', 'key', 'label', 'value']);
    expect(rows.slice(1, 6)).toEqual([
      ['report', 'Report', 'period', 'Period', '2026-Q3'],
      ['report', 'Report', 'from', 'From', '2026-07-01'],
      ['report', 'Report', 'to', 'To', '2026-09-30'],
      ['report', 'Report', 'service_area', 'Service area', 'Midlands'],
      ['report', 'Report', 'generated_on', 'Produced on', '2026-10-05'],
    ]);
    // 13 key figures and the breakdowns: 6 + 4 + 5 + 3 + 4 + 3 + 3 + 3 + 3 + 5 + 4 rows.
    expect(rows).toHaveLength(1 + 5 + 13 + 43);
    expect(rows.every((r) => r.length === 5)).toBe(true);
    expect(value('key-figures', 'received')).toEqual(['48']);
    expect(value('key-figures', 'acknowledged-on-time')).toEqual(['87.0%']); // 40 of 46
    expect(value('key-figures', 'responded-on-time-original')).toEqual(['66.7%']); // 20 of 30
    expect(value('key-figures', 'extensions')).toEqual(['<5']);
    expect(value('key-figures', 'childrens-share')).toEqual(['suppressed']);
    expect(value('received-by-channel', 'IN_PERSON')).toEqual(['<5']);
    expect(value('received-by-channel', 'EMAIL')).toEqual(['32']);
    expect(value('received-by-category', 'STAFF_CONDUCT')).toEqual(['<5']);
    expect(value('received-by-category', 'PROVIDER_ACTIONS')).toEqual(['0']);
    expect(value('referrals-by-level', 'SENIOR_MANAGER')).toEqual(['5']);
    expect(value('referrals-by-level', 'LINE_MANAGER_FOR_INFORMATION')).toEqual(['<5']);
    expect(rows.find((r) => r[2] === 'NOT_YET_DUE')).toEqual([
      'acknowledgements',
      'Acknowledgements of the complaints received',
      'NOT_YET_DUE',
      'Not yet due',
      '<5',
    ]);
    // No hidden count anywhere: every value is a number of 0 or at least 5, "<5", a percentage, "suppressed", "n/a" or report metadata.
    for (const r of rows.slice(6))
      expect(r[4]).toMatch(/^(0|[5-9]|[1-9]\d+|<5|\d+(\.\d)?%|\d+(\.\d)?|suppressed|n\/a)$/);
    for (const r of rows.slice(6).filter((r) => /^\d+$/.test(r[4])))
      expect(Number(r[4]) === 0 || Number(r[4]) >= 5).toBe(true);
  });

  it('quotes what needs quoting and never lets a spreadsheet run a formula', () => {
    const hostile = parseCsv(renderReportCsv(report('North, "East" =1+1')));
    expect(hostile[4]).toEqual(['report', 'Report', 'service_area', 'Service area', 'North, "East" =1+1']);
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('<5')).toBe('<5');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });
});

describe('labels', () => {
  it.each([
    ['PROFESSIONAL_JUDGEMENT', 'Professional judgement'],
    ['EMAIL', 'Email'],
    ['IN_PERSON', 'In person'],
    ['NOT_ASSESSED', 'Not assessed yet'],
    ['ON_TIME', 'On time'],
    ['LINE_MANAGER_FOR_ACTION', 'Line manager for action'],
  ])('labels %s as %s', (key, label) => {
    expect(labelOf(key)).toBe(label);
  });
});
