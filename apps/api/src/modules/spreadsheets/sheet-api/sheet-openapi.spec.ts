import SwaggerParser from '@apidevtools/swagger-parser';
import type { Column } from '@contrivance/contracts';
import { EXAMPLE_ROW_ID, sheetOpenApi } from './sheet-openapi';

const SHEET = '50000000-0000-4000-8000-000000000000';
const OWNER = '60000000-0000-4000-8000-000000000000';
const column = (n: number, name: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({
  id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  name,
  type,
  position: n,
  hidden: false,
  required: false,
  ...extra,
});
const documentOf = (columns: Column[], rowId?: string) => sheetOpenApi({ sheet: { id: SHEET, name: 'Deals', description: '', ownerId: OWNER, columns }, rowId });
const schemasOf = (columns: Column[]) => documentOf(columns).components!.schemas as Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }>;

describe('sheetOpenApi', () => {
  it('is a valid document for a blank sheet, with a stand-in row id and only the components it uses', async () => {
    const document = documentOf([]);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(Object.keys(document.components!.schemas!).sort()).toEqual(['ErrorBody', 'NewRowValues', 'NewRows', 'Row', 'RowChange', 'RowPage', 'RowValues', 'RowValuesChange']);
    expect(JSON.stringify(document.paths)).toContain(EXAMPLE_ROW_ID);
  });

  it('lists options as enums (ids when read; ids and labels when written), and leaves out the enum of a select without options', () => {
    const options = [
      { id: 'lead', label: 'Lead' },
      { id: 'won', label: 'Won' },
    ];
    const schemas = schemasOf([column(1, 'Stage', 'select', { options }), column(2, 'Empty', 'select', { options: [] })]);
    expect(schemas.RowValues.properties.Stage).toMatchObject({ enum: ['lead', 'won'], 'x-enum-descriptions': ['Lead', 'Won'] });
    expect(schemas.NewRowValues.properties.Stage.enum).toEqual(['lead', 'won', 'Lead', 'Won']);
    expect(schemas.RowValues.properties.Empty).not.toHaveProperty('enum');
    expect(schemas.NewRowValues.properties.Empty).not.toHaveProperty('enum');
  });

  it('keeps computed columns out of writes and required columns in new rows; changes may clear', () => {
    const schemas = schemasOf([column(1, 'Deal', 'text', { required: true }), column(2, 'Double', 'formula', { formula: '{Deal}', resultType: 'text' })]);
    expect(schemas.RowValues.properties.Double).toMatchObject({ readOnly: true, 'x-column-type': 'formula' });
    expect(Object.keys(schemas.NewRowValues.properties)).toEqual(['Deal']);
    expect(schemas.NewRowValues.required).toEqual(['Deal']);
    expect(schemas.RowValuesChange.required).toBeUndefined();
    expect(schemas.RowValuesChange.properties.Deal).toMatchObject({ type: 'string', nullable: true });
  });

  it('leaves out columns whose name is shared (they cannot be named), and says so', () => {
    const document = documentOf([column(1, 'Deal', 'text'), column(2, 'deal', 'text'), column(3, 'Value', 'number')]);
    expect(Object.keys((document.components!.schemas!.RowValues as { properties: object }).properties)).toEqual(['Value']);
    expect(document.info.description).toContain('Columns sharing a name cannot be addressed by name');
  });
});
