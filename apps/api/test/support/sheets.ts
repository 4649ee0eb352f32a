import type { Column, Row, RowPage, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../../src/server';
import type { TestAccount } from './factories';

/** Small helpers over the spreadsheets API for specs. */
export function sheetsApi(server: RunningServer) {
  const http = () => request(server.url);
  return {
    async create(as: TestAccount, body: Record<string, unknown> = { name: 'Deals' }): Promise<Spreadsheet> {
      return (await http().post('/api/spreadsheets').set(as.auth).send(body).expect(201)).body;
    },
    async column(as: TestAccount, sheetId: string, body: Record<string, unknown>): Promise<Column> {
      return (await http().post(`/api/spreadsheets/${sheetId}/columns`).set(as.auth).send(body).expect(201)).body;
    },
    async rows(as: TestAccount, sheetId: string, values: Record<string, unknown>[]): Promise<Row[]> {
      return (
        await http()
          .post(`/api/spreadsheets/${sheetId}/rows`)
          .set(as.auth)
          .send({ rows: values.map((v) => ({ values: v })) })
          .expect(201)
      ).body;
    },
    async share(as: TestAccount, sheetId: string, userId: string, role: string): Promise<void> {
      await http().put(`/api/spreadsheets/${sheetId}/members/${userId}`).set(as.auth).send({ role }).expect(200);
    },
    async list(as: TestAccount, sheetId: string, query: Record<string, unknown> = {}): Promise<RowPage> {
      return (await http().get(`/api/spreadsheets/${sheetId}/rows`).set(as.auth).query(query).expect(200)).body;
    },
  };
}
