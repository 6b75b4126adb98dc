import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, OPERATIONS } from '../../src/api/v1/openapi.ts';

const ROUTES = path.resolve(import.meta.dirname, '..', '..', 'pages', 'api', 'v1', 'pages');

/** Every method each route file under pages/api/v1/pages exports, as "get /pages/{page_id}/…". */
function routeOperations(dir = ROUTES, prefix = '/pages'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    const segment = name.replace(/\.ts$/, '').replace(/^\[(.+)\]$/, '{$1}');
    if (statSync(file).isDirectory()) return routeOperations(file, `${prefix}/${segment}`);
    const route = segment === 'index' ? prefix : `${prefix}/${segment}`;
    const methods = [...readFileSync(file, 'utf8').matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
    return methods.map((method) => `${method} ${route}`);
  });
}

describe('/api/v1/openapi.json', () => {
  it('describes exactly the endpoints that exist', () => {
    expect(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort()).toEqual(routeOperations().sort());
  });

  it('is OpenAPI 3.1 with request bodies from the validating zod schemas', () => {
    const doc = buildOpenApi('https://status.example.com') as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { properties: Record<string, unknown> }> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe('https://status.example.com/api/v1');
    const create = doc.paths['/pages/{page_id}/components']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(create?.properties['component']?.properties ?? {})).toEqual(['name', 'description', 'group_id', 'status', 'showcase', 'only_show_if_degraded', 'start_date']);
    const incident = doc.paths['/pages/{page_id}/incidents']?.['post']?.requestBody?.content['application/x-www-form-urlencoded']?.schema;
    expect(Object.keys(incident?.properties['incident']?.properties ?? {})).toEqual(
      expect.arrayContaining(['components', 'scheduled_for', 'scheduled_until', 'scheduled_auto_in_progress', 'scheduled_auto_completed', 'metadata', 'backfilled', 'backfill_date']),
    );
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    // Each body schema is valid JSON Schema 2020-12 and accepts what the endpoints accept.
    const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
    const validate = ajv.compile(create as object);
    expect(validate({ component: { name: 'API', showcase: 'true', group_id: null } }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ component: { name: 42 } })).toBe(false);
    for (const op of OPERATIONS.filter((o) => o.body)) {
      const schema = doc.paths[op.path]?.[op.method]?.requestBody?.content['application/json']?.schema;
      expect(() => ajv.compile(schema as object), `${op.method} ${op.path}`).not.toThrow();
    }
  });
});
