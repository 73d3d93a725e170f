import { Diagnostic, diagnostic } from '../diagnostic';
import { RuleContext, containersOf, podSpecOf } from './context';

/** The tag of an image reference, or undefined; a registry port (`host:5000/app`) is not a tag. */
export function imageTag(image: string): string | undefined {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon < 0 ? undefined : lastSegment.slice(colon + 1);
}

/** Missing images are errors; untagged and `:latest` images are warnings (rollouts are not reproducible). */
export function imagesRule(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const obj of ctx.objects) {
    const pod = podSpecOf(obj);
    if (!pod) continue;
    for (const { container, path } of containersOf(pod)) {
      const image = container.image;
      if (typeof image !== 'string' || !image.trim()) {
        out.push(diagnostic('error', obj, `${path}.image`, 'missing-image', 'container has no image'));
        continue;
      }
      if (image.includes('@sha256:')) continue;
      const tag = imageTag(image);
      if (tag === undefined) {
        out.push(diagnostic('warning', obj, `${path}.image`, 'untagged-image', `image "${image}" has no tag: pin a version (or a digest)`));
      } else if (tag === 'latest') {
        out.push(diagnostic('warning', obj, `${path}.image`, 'latest-image', `image "${image}" uses :latest: pin a version (or a digest)`));
      }
    }
  }
  return out;
}
