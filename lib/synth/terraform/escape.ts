/**
 * Terraform reads every string in a `.tf.json` file as a template: `${...}` interpolates and `%{...}` is a
 * directive. User text must not be evaluated, so both are doubled (`$${`, `%%{`), which Terraform reads back
 * as the literal characters. Values in `.tfvars.json` files are not templates and are written as they are.
 */
export function escapeTemplate(text: string): string {
  return text.indexOf('{') < 0 ? text : text.replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`);
}

export function unescapeTemplate(text: string): string {
  return text.indexOf('{') < 0 ? text : text.replace(/([$%])\1\{/g, (_m, sigil: string) => `${sigil}{`);
}

/** `${...}` with nothing around it: a Terraform expression berth wrote (a reference), not user text. */
export function isExpression(text: string): boolean {
  return text.startsWith('${') && text.endsWith('}') && !text.startsWith('$${');
}
