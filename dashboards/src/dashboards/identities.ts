import { DashboardIdentity } from '../grafana/links';

/** The kit's dashboards, in drill-down order. Ids name the files and uids: never change them. */
export const FLEET_OVERVIEW: DashboardIdentity = { id: 'fleet-overview', title: 'Flink / Fleet overview' };
export const CLUSTER_OVERVIEW: DashboardIdentity = { id: 'cluster-overview', title: 'Flink / Cluster overview' };
export const JOB_DETAIL: DashboardIdentity = { id: 'job-detail', title: 'Flink / Job' };
export const TASK_DETAIL: DashboardIdentity = { id: 'task-detail', title: 'Flink / Tasks and operators' };
export const TASKMANAGER_JVM: DashboardIdentity = { id: 'taskmanager-jvm', title: 'Flink / TaskManager JVM' };
export const LOGS: DashboardIdentity = { id: 'logs', title: 'Flink / Logs' };
export const KUBERNETES: DashboardIdentity = { id: 'kubernetes', title: 'Flink / Kubernetes pods and operator' };
export const EXPORTER_HEALTH: DashboardIdentity = { id: 'exporter-health', title: 'Flink / Exporter health' };
