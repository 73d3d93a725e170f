/**
 * Manifest synthesis: one YAML file per application plus `index.yaml`. Deterministic: same objects, same
 * bytes. Secrets are left out unless `includeSecrets` is set, so plaintext never lands on disk by default.
 */
import { BerthObject, Json, describeId, idOf } from '../model/object';
import { KubeVersion, formatVersion } from '../model/version';
import { sortObjects } from '../model/order';
import { toYaml, toYamlStream } from './yaml';

export interface SynthOptions {
  readonly targetVersion: KubeVersion;
  /** Write Secret objects (their values base64-encoded, i.e. readable) into the files. Default false. */
  readonly includeSecrets?: boolean;
}

export interface ManifestFile {
  /** Path relative to the output directory. */
  readonly path: string;
  readonly content: string;
  /** Whether the file holds secret values (written with mode 0600). */
  readonly sensitive: boolean;
}

export interface ManifestFiles {
  readonly files: readonly ManifestFile[];
  /** Secrets left out of the files, as `Secret/namespace/name`. */
  readonly withheldSecrets: readonly string[];
}

export const INDEX_FILE = 'index.yaml';

export function synthManifests(objects: readonly BerthObject[], options: SynthOptions): ManifestFiles {
  const byApp = new Map<string, BerthObject[]>();
  for (const obj of sortObjects(objects)) {
    const list = byApp.get(obj.app) ?? [];
    list.push(obj);
    byApp.set(obj.app, list);
  }
  const files: ManifestFile[] = [];
  const withheld: string[] = [];
  const index: Json[] = [];
  for (const app of [...byApp.keys()].sort()) {
    const all = byApp.get(app)!;
    const written = all.filter((o) => options.includeSecrets || o.manifest.kind !== 'Secret');
    const left = all.filter((o) => !written.includes(o)).map((o) => describeId(idOf(o.manifest)));
    withheld.push(...left);
    const path = `${app}.yaml`;
    files.push({
      path,
      content: toYamlStream(written.map((o) => o.manifest as unknown as Json)),
      sensitive: written.some((o) => o.manifest.kind === 'Secret'),
    });
    index.push({
      app,
      file: path,
      objects: written.map((o) => describeId(idOf(o.manifest))),
      ...(left.length ? { withheldSecrets: left } : {}),
    });
  }
  files.push({
    path: INDEX_FILE,
    content:
      '# Written by berth synth. Do not edit: it is rewritten on every synth.\n' +
      toYaml({
        generator: 'berth',
        targetVersion: formatVersion(options.targetVersion),
        secrets: options.includeSecrets ? 'included' : 'withheld (use --include-secrets, or berth apply which never writes them to disk)',
        apps: index,
      }),
    sensitive: false,
  });
  return { files, withheldSecrets: withheld };
}
