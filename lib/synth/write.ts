import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { INDEX_FILE, ManifestFile } from './manifests';

/**
 * Writes files into `outDir`, first removing the files a previous synth listed in its index (so a removed
 * application leaves no stale file). Each file is written to a temporary name and renamed, so a reader never
 * sees half a file.
 */
export function writeOutput(outDir: string, files: readonly ManifestFile[]): string[] {
  mkdirSync(outDir, { recursive: true });
  for (const stale of previousFiles(outDir)) rmSync(join(outDir, stale), { force: true });
  const written: string[] = [];
  for (const f of files) {
    const target = join(outDir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    writeFileSync(tmp, f.content, { mode: f.sensitive ? 0o600 : 0o644 });
    renameSync(tmp, target);
    written.push(target);
  }
  return written;
}

function previousFiles(outDir: string): string[] {
  const indexPath = join(outDir, INDEX_FILE);
  if (!existsSync(indexPath)) return [];
  // Loaded only when there is a previous index: loading the `yaml` package takes ~0.1 s.
  const { parse } = require('yaml') as typeof import('yaml');
  try {
    const index = parse(readFileSync(indexPath, 'utf8')) as { apps?: { file?: unknown }[] };
    return (index.apps ?? []).map((a) => a.file).filter((f): f is string => typeof f === 'string' && !f.includes('..'));
  } catch {
    return [];
  }
}
