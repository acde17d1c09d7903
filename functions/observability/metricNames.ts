/**
 * The names of Parkade's EMF metrics (namespace `Parkade`), as plain data: the functions emit
 * them (parkadeMetrics.ts) and the dashboards and alarms in infra/ read them from here.
 */
export const parkadeMetricNames = {
  entries: 'Entries',
  exits: 'Exits',
  occupancy: 'Occupancy',
  gateDecisions: 'GateDecisions',
  gateDecisionLatency: 'GateDecisionLatency',
  revenue: 'RevenueFen',
  payments: 'Payments',
  couponsGranted: 'CouponsGranted',
  couponsUsed: 'CouponsUsed',
  serverErrors: 'ServerErrors',
  jobFailures: 'JobFailures',
} as const;

/** The dimension of per-lot metrics, beside Powertools' `service`. */
export const lotDimension = 'lotId';
