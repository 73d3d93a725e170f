import { JsonObject } from '../model/json';

/** How a Deployment replaces its pods. */
export class Strategy {
  /**
   * Replace pods gradually. Defaults: maxSurge 25%, maxUnavailable 0 (never fewer ready pods than desired,
   * which is what a production rollout wants; Kubernetes' own default is 25%).
   */
  static rollingUpdate(options: { maxSurge?: number | string; maxUnavailable?: number | string } = {}): Strategy {
    return new Strategy({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: options.maxSurge ?? '25%', maxUnavailable: options.maxUnavailable ?? 0 },
    });
  }

  /** Stop all old pods before starting new ones (for apps that cannot run two versions at once). */
  static recreate(): Strategy {
    return new Strategy({ type: 'Recreate' });
  }

  private constructor(private readonly json: JsonObject) {}

  toJson(): JsonObject {
    return JSON.parse(JSON.stringify(this.json)) as JsonObject;
  }
}
