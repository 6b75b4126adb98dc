import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * The JSON Schemas of Statuspage's public API v2 (tests/schemas/), compiled once, for the
 * unit tests of the builders and the integration tests that fetch the real endpoints.
 */

export const STATUSPAGE_SCHEMAS = [
  'summary',
  'status',
  'components',
  'incidents',
  'scheduled-maintenances',
] as const;
export type StatuspageSchemaName = (typeof STATUSPAGE_SCHEMAS)[number];

function loadSchema(file: string): Record<string, unknown> {
  const url = new URL(`../schemas/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

let ajv: Ajv2020 | null = null;

function compiler(): Ajv2020 {
  if (ajv === null) {
    // Nullable fields are written as type unions (["string", "null"]), as Statuspage documents them.
    ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addSchema(loadSchema('statuspage.schema.json'));
    for (const name of STATUSPAGE_SCHEMAS) ajv.addSchema(loadSchema(`${name}.schema.json`), name);
  }
  return ajv;
}

/** The compiled validator of one endpoint's schema; `validator.errors` says what is wrong. */
export function validatorFor(name: StatuspageSchemaName): ValidateFunction {
  const validate = compiler().getSchema(name);
  if (validate === undefined) throw new Error(`No Statuspage schema named ${name}`);
  return validate;
}

/** The validation errors of `data` against one endpoint's schema, readable, or [] when valid. */
export function schemaErrors(name: StatuspageSchemaName, data: unknown): string[] {
  const validate = validatorFor(name);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
