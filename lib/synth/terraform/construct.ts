/**
 * `new BerthTerraform(stack, 'shop', { app })` in a user's own cdktf stack: berth's objects as typed
 * hashicorp/kubernetes resources. The stack configures the kubernetes provider itself. Secret values go to
 * `berth-secrets.<id>.auto.tfvars.json` (mode 0600) next to the stack's cdk.tf.json, where Terraform reads them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdktf from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { BerthObject } from '../../model/object';
import { KubeVersion } from '../../model/version';
import { addTerraformResources } from './cdktf-stack';
import { TerraformModel, buildTerraform } from './model';
import { rejectTokens } from './no-tokens';
import { stableJson } from './tf-json';

/** What BerthTerraform needs from a berth App (structural, so this file does not load the constructs). */
export interface ObjectSource {
  toObjects(options?: { targetVersion?: KubeVersion }): BerthObject[];
}

export interface BerthTerraformProps {
  /** A berth App; or give `objects` directly. */
  readonly app?: ObjectSource;
  readonly objects?: readonly BerthObject[];
  readonly targetVersion?: KubeVersion;
}

export class BerthTerraform extends Construct {
  readonly model: TerraformModel;
  /** Typed resources by Terraform address (`kubernetes_deployment_v1.shop_api`). */
  readonly resources: ReadonlyMap<string, cdktf.TerraformResource>;

  constructor(scope: Construct, id: string, props: BerthTerraformProps) {
    super(scope, id);
    const objects = props.objects ?? props.app?.toObjects({ targetVersion: props.targetVersion });
    if (!objects) throw new Error(`BerthTerraform ${this.node.path}: give an app or objects`);
    rejectTokens(objects);
    this.model = buildTerraform(objects);
    for (const w of this.model.warnings) cdktf.Annotations.of(this).addWarning(w);
    this.resources = addTerraformResources(this, this.model);
    if (this.model.secrets.length > 0) addCustomSynthesis(this, { onSynthesize: (s) => this.writeSecretValues(s) });
  }

  /** File name of this construct's secret values in the stack directory. */
  get secretValuesFile(): string {
    return `berth-secrets.${this.node.id.replace(/[^A-Za-z0-9_-]/g, '_')}.auto.tfvars.json`;
  }

  private writeSecretValues(session: cdktf.ISynthesisSession): void {
    const stack = cdktf.TerraformStack.of(this);
    const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
    const file = path.join(dir, this.secretValuesFile);
    const values = Object.fromEntries(this.model.secrets.map((s) => [s.name, s.value]));
    fs.writeFileSync(file, stableJson(values), { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }
}
