// Types for scripts/spark-cluster.mjs, so TypeScript tests and the bench can drive the cluster.
export interface ClusterPorts {
  master: number;
  thrift: number;
  connect: number;
}
export interface ClusterProcess {
  name: string;
  pid: number;
  log: string;
}
export function portsFrom(env?: Record<string, string | undefined>): ClusterPorts;
export function sparkHome(projectDir: string): string | undefined;
export function up(projectDir: string, ports?: ClusterPorts): Promise<{ procs: ClusterProcess[]; ports: ClusterPorts; root: string }>;
export function down(projectDir: string): Promise<ClusterProcess[]>;
