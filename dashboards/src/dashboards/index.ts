import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { clusterOverview } from './cluster-overview';
import { exporterHealth } from './exporter-health';
import { fleetOverview } from './fleet-overview';
import { jobDetail } from './job-detail';
import { kubernetes } from './kubernetes';
import { logs } from './logs';
import { taskDetail } from './task-detail';
import { taskManagerJvm } from './taskmanager-jvm';

/** Every dashboard of the kit, in drill-down order (the order of docs/dashboards.md). */
export function allDashboards(kit: Kit): DashboardSpec[] {
  return [fleetOverview, clusterOverview, jobDetail, taskDetail, taskManagerJvm, kubernetes, logs, exporterHealth].map((build) => build(kit));
}
