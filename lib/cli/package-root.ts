import { existsSync } from 'fs';
import { dirname, join } from 'path';

/** The berth package's root directory, whether running from sources (lib/) or the build (build/lib/). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'register-ts.js'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the berth package root');
    dir = parent;
  }
  return dir;
}
