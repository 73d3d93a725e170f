import { Json } from '../model/object';
import { HorizontalPodAutoscaler } from './horizontal-pod-autoscaler';
import { PodDisruptionBudget } from './pod-disruption-budget';
import { Service, ServicePort, ServiceType } from './service';
import { Workload } from './workload';
import { containerPorts } from './container';

export interface ExposeOptions {
  /** Service name. Default: the workload's name. */
  readonly name?: string;
  /** Default ClusterIP. */
  readonly type?: ServiceType;
  /** Default: one port per container port, same number. */
  readonly ports?: readonly ServicePort[];
}

export interface AutoscaleOptions {
  readonly min: number;
  readonly max: number;
  /** Target average CPU utilization in percent of requests. Default 80. */
  readonly cpuPercent?: number;
  /** Target average memory utilization in percent of requests. Default: not used. */
  readonly memoryPercent?: number;
}

export interface DisruptionBudgetOptions {
  /** Default 1 when neither is given. */
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

/** Deployments and StatefulSets: workloads with replicas behind a Service. */
export abstract class ReplicatedWorkload extends Workload {
  protected readonly serving = true;
  private autoscaler?: HorizontalPodAutoscaler;
  private budget?: PodDisruptionBudget;

  /** A Service selecting this workload's pods, in the same scope. */
  exposeViaService(options: ExposeOptions = {}): Service {
    const ports = options.ports ?? this.containerProps.flatMap(containerPorts).map((p) => ({
      port: p.number, targetPort: p.number, protocol: p.protocol, name: p.name,
    }));
    if (!ports.length) throw new Error(`${this.node.path}: exposeViaService needs ports: give the container a port or pass ports`);
    const name = options.name ?? this.name;
    return new Service(this.node.scope!, `${this.node.id}-service`, { name, type: options.type, selector: this, ports });
  }

  /** A HorizontalPodAutoscaler for this workload; replicas are then left to the autoscaler. */
  autoscale(options: AutoscaleOptions): HorizontalPodAutoscaler {
    if (this.autoscaler) throw new Error(`${this.node.path}: autoscale() was already called`);
    this.autoscaler = new HorizontalPodAutoscaler(this.node.scope!, `${this.node.id}-hpa`, {
      name: this.name, target: this, minReplicas: options.min, maxReplicas: options.max,
      cpuPercent: options.cpuPercent ?? (options.memoryPercent === undefined ? 80 : undefined),
      memoryPercent: options.memoryPercent,
    });
    return this.autoscaler;
  }

  disruptionBudget(options: DisruptionBudgetOptions = {}): PodDisruptionBudget {
    if (this.budget) throw new Error(`${this.node.path}: disruptionBudget() was already called`);
    this.budget = new PodDisruptionBudget(this.node.scope!, `${this.node.id}-pdb`, {
      name: this.name, selector: this, ...options,
    });
    return this.budget;
  }

  /** `replicas`, unless an autoscaler owns it (writing it would fight the autoscaler on every apply). */
  protected replicasField(replicas: number | undefined): { replicas?: Json } {
    if (this.autoscaler) return {};
    return { replicas: replicas ?? this.defaults.replicas };
  }
}
