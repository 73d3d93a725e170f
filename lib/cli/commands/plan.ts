import { writeFileSync } from 'fs';
import { resolve } from 'path';
import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode, UserError } from '../errors';
import { Output, processOutput } from '../output';
import { clusterOptions, connectFromOptions } from './cluster-options';
import { loadAndValidate, stackOptions } from './stack';
import { KubeClient } from '../../cluster/client';
import { ClusterError } from '../../cluster/errors';
import { KubeVersion, MAX_MINOR, MIN_MINOR, formatVersion } from '../../model/version';
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
    safe = { out: (l) => io.out(redact(l)), err: (l) => io.err(redact(l)) };
    const { plan } = await computePlan(client, loaded.objects, { targetVersion: loaded.targetVersion, serverVersion: server.gitVersion });
    const rendered = format === 'json' ? renderJson(plan) : format === 'markdown' ? renderMarkdown(plan) : renderText(plan, { color });
    safe.out(rendered.replace(/\n$/, ''));
    if (typeof opts.out === 'string') writeFileSync(resolve(cwd, opts.out), redact(renderJson(plan)));
    if (opts.stats) safe.err(`stats: ${client.requestCount} API requests, ${Date.now() - started} ms`);
    return opts['detailed-exitcode'] && hasChanges(plan) ? ExitCode.Changes : ExitCode.Ok;
  } catch (e) {
    if (e instanceof ClusterError || e instanceof PlanError || e instanceof UserError) {
      safe.err(`error: ${e.message}`);
      return ExitCode.Error;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    throw Object.assign(new Error(redact(err.message)), { stack: redact(err.stack ?? '') });
  } finally {
    client?.close();
  }
}

/** The server's version as a target, clamped to what berth supports (with a notice when clamped). */
export function supportedVersion(server: { major: number; minor: number; gitVersion: string }, io: Output): KubeVersion {
  const minor = Math.min(MAX_MINOR, Math.max(MIN_MINOR, server.minor));
  if (server.major !== 1 || minor !== server.minor) {
    io.err(`notice: the cluster runs ${server.gitVersion}; berth renders objects for the nearest version it supports, ${formatVersion({ major: 1, minor })} (use --target-version to choose)`);
  }
  return { major: 1, minor };
}
