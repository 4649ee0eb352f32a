import '@contrivance/contracts';
import { dtoSchemas } from './dto-schemas';

type Properties = Record<string, Record<string, unknown>>;
const propertiesOf = (name: string) => (dtoSchemas()[name] as { properties: Properties }).properties;

describe('request DTO schemas', () => {
  it('are closed: the validation pipe refuses unknown fields', () => {
    for (const name of ['CreateSpreadsheetDto', 'UpdateRowDto', 'UpdateViewDto', 'UserPreferences']) {
      expect(dtoSchemas()[name]).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it("type a row's values map as cell values", () => {
    expect(propertiesOf('UpdateRowDto').values).toMatchObject({ type: 'object', additionalProperties: { $ref: '#/components/schemas/CellValue' } });
  });

  it('take null where the contract type does (a view setting cleared), beside a type as OpenAPI 3.0 needs', () => {
    const view = propertiesOf('UpdateViewDto');
    expect(view.filter).toEqual({ type: 'object', allOf: [{ $ref: '#/components/schemas/ViewFilterGroup' }], nullable: true });
    expect(view.rowHeight).toEqual({ type: 'string', enum: ['short', 'medium', 'tall', null], nullable: true });
    expect(view.name.nullable).toBeUndefined();
    expect(propertiesOf('CreateSpreadsheetDto').description.nullable).toBeUndefined();
  });

  it("say what a map holds when the contract type says it (a view's widths)", () => {
    expect(propertiesOf('CreateViewDto').widths).toMatchObject({ type: 'object', additionalProperties: { type: 'number' }, nullable: true });
  });
});
