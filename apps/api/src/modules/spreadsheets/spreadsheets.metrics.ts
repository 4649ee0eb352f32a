import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../ops/metrics.service';

/** Business metrics of spreadsheets on /metrics: how many sheets and rows, and how imports go. */
@Injectable()
export class SpreadsheetsMetrics {
  readonly imports: Counter<'outcome'>;
  readonly importedRows: Counter;

  constructor(metrics: MetricsService, @InjectDataSource() dataSource: DataSource) {
    const registers = [metrics.registry];
    const totals = async (): Promise<{ sheets: number; rows: number }> => {
      const [row]: { sheets: number; rows: string | null }[] = await dataSource.query(`SELECT count(*)::int AS sheets, sum(row_count) AS rows FROM spreadsheets`);
      return { sheets: row.sheets, rows: Number(row.rows ?? 0) };
    };
    new Gauge({
      name: 'contrivance_spreadsheets',
      help: 'Spreadsheets in the database',
      registers,
      async collect() {
        this.set((await totals()).sheets);
      },
    });
    new Gauge({
      name: 'contrivance_spreadsheet_rows',
      help: 'Rows across all spreadsheets',
      registers,
      async collect() {
        this.set((await totals()).rows);
      },
    });
    this.imports = new Counter({ name: 'contrivance_imports_total', help: 'CSV imports by outcome', labelNames: ['outcome'], registers });
    this.importedRows = new Counter({ name: 'contrivance_imported_rows_total', help: 'Rows written by successful CSV imports', registers });
  }
}
