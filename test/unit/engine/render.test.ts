import { renderJson } from '../../../lib/engine/render/json';
import { renderMarkdown } from '../../../lib/engine/render/markdown';
import { renderText } from '../../../lib/engine/render/text';
import { emptyPlan, samplePlan } from './fixtures';

describe('text renderer', () => {
  const text = renderText(samplePlan, { color: false });

  it('shows one line per changed object with terraform-like symbols and the summary', () => {
    expect(text).toContain('  + ConfigMap/shop/new-config  (from shop/new-config)');
    expect(text).toContain('  ~ Deployment/shop/api  (from shop/api)');
    expect(text).toContain('-/+ Deployment/shop/web  (from shop/web; replace: spec.selector cannot change)');
    expect(text).toContain('  - ConfigMap/shop/old  (no longer in the stacks)');
    expect(text.trimEnd().split('\n').pop()).toBe('Plan: 1 to add, 2 to change, 1 to replace, 1 to destroy.');
    expect(text).not.toContain('Service/shop/api');
  });

  it('shows field changes, drift and sensitive values by key only', () => {
    expect(text).toContain('      ~ spec.replicas: 5 -> 2  (drift: changed in the cluster by kubectl-scale)');
    expect(text).toContain('      ~ spec.template.spec.containers[name=api].image: "api:1" -> "api:2"');
    expect(text).toContain('      + metadata.labels.tier: "backend"');
    expect(text).toContain('      ~ data.PASSWORD: (sensitive value changed)');
    expect(text).toContain('      + data.TOKEN: (sensitive value)');
  });

  it('says how many unchanged objects berth adopts', () => {
    expect(text).toContain('1 unchanged object is not in berth\'s inventory yet');
  });

  it('is plain without colour and uses ANSI colours when asked', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = renderText(samplePlan, { color: true });
    expect(coloured).toContain('\u001b[32m  +\u001b[0m ConfigMap/shop/new-config');
    expect(coloured).toContain('\u001b[31m  -\u001b[0m ConfigMap/shop/old');
  });

  it('says "No changes." for an empty plan', () => {
    expect(renderText(emptyPlan, { color: false }).trimEnd().split('\n').pop()).toBe('No changes. 1 object match the cluster.');
  });
});

describe('markdown renderer', () => {
  const md = renderMarkdown(samplePlan);

  it('has a summary heading and one collapsible section per changed object', () => {
    expect(md.split('\n')[0]).toBe('### berth plan: Plan: 1 to add, 2 to change, 1 to replace, 1 to destroy.');
    expect(md.match(/<details>/g)).toHaveLength(5);
    expect(md.match(/<\/details>/g)).toHaveLength(5);
    expect(md).toContain('<summary><code>-/+</code> replace <code>Deployment/shop/web</code></summary>');
    expect(md).toContain('Replaced because spec.selector cannot change.');
  });

  it('puts field changes in diff blocks whose fence no value can close', () => {
    expect(md).toContain('! spec.replicas: 5 -> 2  (drift: changed in the cluster by kubectl-scale)');
    expect(md).toContain('````diff'); // a value holds ``` so the fence is four backticks
    expect(md).toContain('! data.PASSWORD: (sensitive value changed)');
  });
});

describe('json renderer', () => {
  it('is the plan itself', () => {
    expect(JSON.parse(renderJson(samplePlan))).toEqual(samplePlan);
  });
});
