// The machine a bench ran on, so figures are never quoted without it.
import { cpus, totalmem, platform, release, arch } from "node:os";

export interface MachineInfo {
  cores: number;
  cpu_model: string;
  total_memory_gb: number;
  os: string;
  node: string;
  duckdb: string;
  sqlite3_cli: string | null;
}

export function machineInfo(duckdb: string, sqlite3Cli: string | null): MachineInfo {
  const list = cpus();
  return {
    cores: list.length,
    cpu_model: list[0]?.model.trim() ?? "unknown",
    total_memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    duckdb,
    sqlite3_cli: sqlite3Cli,
  };
}
