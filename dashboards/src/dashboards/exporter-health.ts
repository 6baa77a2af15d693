import { DashboardSpec, Kit } from '../grafana/dashboard-spec';
import { RATE_INTERVAL } from '../grafana/promql';
import { EXPORTER_HEALTH } from './identities';

/** The kit's own plumbing: are scrapes cheap and complete, do log lines reach Loki. */
export function exporterHealth(kit: Kit): DashboardSpec {
  const { catalog, promql, panels, variables } = kit;
  const c = variables.cluster;
  const pod = catalog.targetLabel('pod');
  const legend = `{{${pod}}}`;
  const byPod = [...c, pod].join(', ');
  const unit = (id: string) => catalog.metric(id).unit;
  const perPod = (expr: string, what = '') => ({ expr: `sum by (${byPod}) (${expr})`, legend: what ? `${what} ${legend}` : legend });
  const ratePerPod = (id: string, what = '') => perPod(`rate(${promql.metric(id, c)}[${RATE_INTERVAL}])`, what);

  return {
    identity: EXPORTER_HEALTH,
    description: 'Scrapes, series and drops of the Flink exporter, and log lines shipped and dropped by the log appender.',
    questions: [
      'Are the Flink processes scraped, and how long does a scrape take?',
      'How many series does each process export, and does the exporter drop or fail any?',
      'Do log lines reach Loki, or are they dropped?',
    ],
    variables: [variables.prometheusDatasource(), ...variables.clusterVariables()],
    rows: [
      {
        title: 'Scrapes',
        panels: [
          panels.timeseries({
            title: 'Targets up',
            description: 'Flink processes Prometheus scraped successfully (1) or not (0) in its last scrape.',
            unit: 'short',
            targets: [{ expr: promql.scrapeSeries('up', c), legend }],
            width: 8,
          }),
          panels.timeseries({
            title: 'Scrape duration',
            description: 'Time the exporter took for its last scrape, and the whole scrape as Prometheus timed it.',
            unit: unit('exporter.lastScrapeDuration'),
            targets: [
              perPod(promql.metric('exporter.lastScrapeDuration', c), 'exporter'),
              perPod(promql.scrapeSeries('scrape_duration_seconds', c), 'Prometheus'),
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Scrapes per second',
            description: 'Scrapes served, and scrapes whose client went away before the end (timeouts).',
            unit: 'reqps',
            targets: [ratePerPod('exporter.scrapes', 'served'), ratePerPod('exporter.scrapesAborted', 'aborted')],
            width: 8,
          }),
        ],
      },
      {
        title: 'Series',
        panels: [
          panels.timeseries({
            title: 'Series exported',
            description: 'Flink sample lines per scrape, and all samples Prometheus ingested from the target.',
            unit: unit('exporter.series'),
            targets: [
              perPod(promql.metric('exporter.series', c), 'Flink'),
              perPod(promql.scrapeSeries('scrape_samples_scraped', c), 'all'),
            ],
            width: 8,
          }),
          panels.timeseries({
            title: 'Sample lines dropped by maxSampleLines',
            description: 'Sample lines left out because the maxSampleLines cap was reached (operator level first).',
            unit: unit('exporter.seriesDropped'),
            targets: [perPod(promql.metric('exporter.seriesDropped', c))],
            width: 8,
          }),
          panels.timeseries({
            title: 'Errors per second',
            description: 'Metric reads that threw, Flink metrics not exported, failed pushes and refused credentials.',
            unit: 'ops',
            targets: [
              ratePerPod('exporter.metricReadErrors', 'read errors'),
              ratePerPod('exporter.registrationsRejected', 'rejected'),
              ratePerPod('exporter.pushFailures', 'push failures'),
              ratePerPod('exporter.authFailures', 'auth failures'),
            ],
            width: 8,
          }),
        ],
      },
      {
        title: 'Log shipping',
        panels: [
          panels.timeseries({
            title: 'Log lines sent per second',
            description: 'Lines Loki accepted from the log appender.',
            unit: 'short',
            targets: [ratePerPod('logs.sent')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Log lines dropped per second',
            description: 'Lines dropped because the queue was full, Loki rejected them or the shutdown deadline passed.',
            unit: 'short',
            targets: [ratePerPod('logs.dropped')],
            width: 8,
          }),
          panels.timeseries({
            title: 'Log batches failed per second',
            description: 'Batches Loki did not accept after retries.',
            unit: 'short',
            targets: [ratePerPod('logs.sendErrors')],
            width: 8,
          }),
        ],
      },
    ],
    firstLooks: [
      { thresholds: ['logDropWindow'], look: '"Log lines dropped per second" and "Log batches failed per second" name the pods; their logs say why Loki refused.' },
    ],
  };
}
