/**
 * `npm run report -- --quarter 2026-Q3 [--service-area <id, code or name>] [--out dir]`: the quarterly
 * report for Heads of Service Areas, as a self-contained HTML page and a CSV of the same figures.
 * Small counts are always suppressed. Uses DATABASE_URL, else the embedded server under ./data
 * (stop `npm start` first).
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadDotEnv, readConfig } from '../src/config';
import { londonDate } from '../src/domain/calendar-date';
import { parseQuarter, presentStatistics } from '../src/domain/statistics';
import { openDatabase } from '../src/db/database';
import { buildReport } from '../src/report/report-model';
import { renderReportCsv } from '../src/report/report-csv';
import { renderReportHtml } from '../src/report/report-html';
import { StatisticsService } from '../src/services/statistics.service';
import { commandLine, run } from './cli';

run(async () => {
  const { values } = commandLine(
    'npm run report -- --quarter 2026-Q3 [--service-area <id, code or name>] [--out dir]',
    { quarter: { type: 'string' }, 'service-area': { type: 'string' }, out: { type: 'string', default: 'reports' } },
  );
  loadDotEnv();
  const quarter = values.quarter;
  if (!quarter) throw new ConfigError('--quarter is required, e.g. --quarter 2026-Q3');
  const label = quarter.trim();
  const period = parseQuarter(label);
  const areaArg = values['service-area'];
  const out = path.resolve(values.out);
  const db = await openDatabase(readConfig(process.env, 'database-tool'));
  try {
    const service = new StatisticsService();
    const em = db.dataSource.manager;
    const area = areaArg ? await service.findServiceArea(em, areaArg) : null;
    if (areaArg && !area) throw new ConfigError(`no single service area has the id, code or name "${areaArg}"`);
    const today = londonDate(new Date());
    const { figures } = await service.figures(em, { ...period, serviceArea: area }, today);
    const report = buildReport(presentStatistics(figures, true), {
      periodLabel: label,
      serviceArea: area?.name ?? null,
      generatedOn: today,
    });
    const base = `complaints-${label}${area ? `-${area.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}`;
    await mkdir(out, { recursive: true });
    const html = path.join(out, `${base}.html`);
    const csv = path.join(out, `${base}.csv`);
    await writeFile(html, renderReportHtml(report));
    await writeFile(csv, renderReportCsv(report));
    const shown = (file: string) => {
      const relative = path.relative(process.cwd(), file);
      return relative.startsWith('..') ? file : relative;
    };
    console.log(`wrote ${shown(html)}`);
    console.log(`wrote ${shown(csv)}`);
  } finally {
    await db.close();
  }
});
