import { resolve, relative } from 'path';
import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode } from '../errors';
import { Output } from '../output';
import { loadAndValidate, stackOptions } from './stack';
import { synthManifests } from '../../synth/manifests';
import { writeOutput } from '../../synth/write';
import { BerthObject } from '../../model/object';

export const synthSpec: CommandSpec = {
  name: 'synth',
  summary: 'Validate the stacks and write Kubernetes manifests (or Terraform JSON).',
  usage: 'berth synth [--out DIR] [--target-version X.Y] [--format yaml|terraform] [--include-secrets]',
  options: [
    ...stackOptions,
    { name: 'out', value: 'DIR', help: 'output directory (default: "out" of berth.json, else dist/)' },
    { name: 'format', value: 'FORMAT', help: 'yaml (default): one manifest file per app + index.yaml; terraform: *.tf.json' },
    { name: 'include-secrets', help: 'write Secret objects, values included (base64, readable), into the files (mode 0600)' },
  ],
};

export function runSynth(opts: ParsedOptions, cwd: string, io: Output): ExitCode {
  const format = (opts.format as string | undefined) ?? 'yaml';
  if (format !== 'yaml' && format !== 'terraform') {
    io.err(`error: --format must be yaml or terraform, not "${format}"`);
    return ExitCode.Error;
  }
  const loaded = loadAndValidate(opts, cwd, io);
  if (!loaded) return ExitCode.Error;
  const outDir = resolve(cwd, (opts.out as string | undefined) ?? loaded.config.out);
  const shownDir = relative(cwd, outDir) || '.';
  if (format === 'terraform') {
    // Loaded lazily: the manifest path never loads Terraform code.
    const { writeTerraform } = require('../../synth/terraform/tf-json') as {
      writeTerraform(objects: readonly BerthObject[], outDir: string): string[];
    };
    const written = writeTerraform(loaded.objects, outDir);
    io.out(`Wrote ${written.length} Terraform files to ${shownDir}/ (${loaded.objects.length} objects)`);
    return ExitCode.Ok;
  }
  const result = synthManifests(loaded.objects, {
    targetVersion: loaded.targetVersion,
    includeSecrets: opts['include-secrets'] === true,
  });
  writeOutput(outDir, result.files);
  const apps = new Set(loaded.objects.map((o) => o.app)).size;
  const written = loaded.objects.length - result.withheldSecrets.length;
  io.out(`Wrote ${result.files.length} files to ${shownDir}/: ${written} objects in ${apps} app${apps === 1 ? '' : 's'}`);
  if (result.withheldSecrets.length) {
    io.out(`Secrets not written (plaintext stays off disk; use --include-secrets to write them): ${result.withheldSecrets.join(', ')}`);
  }
  return ExitCode.Ok;
}
