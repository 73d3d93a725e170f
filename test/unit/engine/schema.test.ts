import { readFileSync } from 'fs';
import { join } from 'path';
import { Ajv } from 'ajv';
import { renderJson } from '../../../lib/engine/render/json';
import { emptyPlan, samplePlan } from './fixtures';

const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas/plan.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

describe('schemas/plan.schema.json', () => {
  it('accepts rendered plans', () => {
    for (const plan of [samplePlan, emptyPlan]) {
      expect(validate(JSON.parse(renderJson(plan)))).toBe(true);
    }
  });

  it('rejects a sensitive field change that carries values, unknown actions and unknown fields', () => {
    const leak = structuredClone(samplePlan) as any;
    leak.changes[1].fields[0].after = 'c2VjcmV0';
    expect(validate(leak)).toBe(false);
    const bad = structuredClone(samplePlan) as any;
    bad.changes[0].action = 'upsert';
    expect(validate(bad)).toBe(false);
    const extra = { ...samplePlan, secretValues: {} };
    expect(validate(extra)).toBe(false);
  });
});
