import { writeFileSync } from 'fs';
import { resolve } from 'path';
import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode, UserError } from '../errors';
import { Output, processOutput } from '../output';
import { clusterOptions, connectFromOptions } from './cluster-options';
import { applicationRefs, emptiedApps, printStats, redactedError, redacting, supportedVersion } from './engine-common';
import { loadAndValidate, stackOptions } from './stack';
import { KubeClient } from '../../cluster/client';
import { ClusterError } from '../../cluster/errors';
import { PlanError, computePlan, hasChanges } from '../../engine/plan';
import { redactor, secretValuesOf } from '../../engine/redact';
import { renderJson } from '../../engine/render/json';
import { renderMarkdown } from '../../engine/render/markdown';
import { renderText } from '../../engine/render/text';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

export const planSpec: CommandSpec = {
  name: 'plan',
  summary: 'Show what applying the stacks would change in the cluster.',
  usage: 'berth plan [--context NAME] [--out plan.json] [--detailed-exitcode] [--output text|json|markdown]',
  options: [
    ...stackOptions,
    ...clusterOptions,
    { name: 'output', value: 'FORMAT', help: 'text (default; coloured on a terminal), json or markdown' },
    { name: 'out', value: 'FILE', help: 'also save the plan (JSON) for a later apply, which refuses it once stale' },
    { name: 'detailed-exitcode', help: 'exit 0 when there are no changes, 2 when there are, 1 on errors' },
    { name: 'stats', help: 'print the number of API requests and the time taken to stderr' },
  ],
};

export async function runPlan(opts: ParsedOptions, cwd: string, io: Output): Promise<ExitCode> {
  const started = Date.now();
  const format = (opts.output as string | undefined) ?? 'text';
  if (!FORMATS.includes(format as Format)) throw new UserError(`--output must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const color = format === 'text' && io === processOutput && process.stdout.isTTY === true && !process.env.NO_COLOR;
  let client: KubeClient | undefined;
  let safe = io;
  let redact = (text: string) => text;
  try {
    client = await connectFromOptions(opts, cwd);
    const server = await client.version();
    const loaded = loadAndValidate(opts, cwd, io, supportedVersion(server, io));
    if (!loaded) return ExitCode.Error;
    redact = redactor(secretValuesOf(loaded.objects));
    safe = redacting(io, redact);
    // The applications apply would write, so that the plan shows exactly what apply would do.
    const apps = applicationRefs(loaded.app, loaded.objects);
    const { plan } = await computePlan(client, loaded.objects, { targetVersion: loaded.targetVersion, serverVersion: server.gitVersion, apps });
    const rendered = format === 'json' ? renderJson(plan) : format === 'markdown' ? renderMarkdown(plan) : renderText(plan, { color });
    safe.out(rendered.replace(/\n$/, ''));
    for (const { app, deletes } of emptiedApps(apps, loaded.objects, plan)) {
      safe.err(`warning: application ${app} renders no objects: this plan deletes all ${deletes.length} of its objects, which berth apply refuses without --allow-empty`);
    }
    if (typeof opts.out === 'string') writeFileSync(resolve(cwd, opts.out), redact(renderJson(plan)));
    printStats(opts, safe, client, started);
    return opts['detailed-exitcode'] && hasChanges(plan) ? ExitCode.Changes : ExitCode.Ok;
  } catch (e) {
    if (e instanceof ClusterError || e instanceof PlanError || e instanceof UserError) {
      safe.err(`error: ${e.message}`);
      return ExitCode.Error;
    }
    throw redactedError(e, redact);
  } finally {
    client?.close();
  }
}
