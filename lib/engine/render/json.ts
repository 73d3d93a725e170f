/** The plan as JSON: the Plan object itself (schema: schemas/plan.schema.json). Also the saved-plan format. */
import { Plan } from '../plan-types';

export function renderJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}
