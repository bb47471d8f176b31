/** The quarterly report's figures as CSV (RFC 4180): one row per figure, the same values as the HTML. */
import type { ReportModel } from './report-model';

const HEADER = ['section', 'section_title', 'key', 'label', 'value'];

/** Quotes a field when it needs it; a leading =, +, - or @ is neutralised so spreadsheets never run it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderReportCsv(report: ReportModel): string {
  const rows: string[][] = [
    HEADER,
    ['report', 'Report', 'period', 'Period', report.periodLabel],
    ['report', 'Report', 'from', 'From', report.from],
    ['report', 'Report', 'to', 'To', report.to],
    ['report', 'Report', 'service_area', 'Service area', report.serviceArea ?? 'All service areas'],
    ['report', 'Report', 'generated_on', 'Produced on', report.generatedOn],
    ...report.sections.flatMap((s) => s.rows.map((r) => [s.id, s.title, r.key, r.label, r.display])),
  ];
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
