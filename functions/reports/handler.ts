/**
 * The `reports` function group: a lot's daily reports on demand for administrators (IAM), built
 * from the table as the nightly job builds them (the job also keeps them in the reports bucket).
 * All of them as JSON `{ lotId, date, reports: { <name>: <csv> } }`, or one as a CSV file with
 * `?name=<report>`.
 */
import { z } from 'zod';
import { principalIdSchema, requireAdmin } from '../../shared/access/index.js';
import { localDateSchema } from '../../shared/coupons/index.js';
import { reportNames } from '../../shared/reports/index.js';
import { principalOf } from '../access/index.js';
import { documentReply, httpApi, ok, route } from '../http/index.js';
import { dailyReportsOf } from './dailyReports.js';

export const handler = httpApi({
  'GET /admin/lots/{lotId}/reports/{date}': route(
    {
      path: z.object({ lotId: principalIdSchema, date: localDateSchema }),
      query: z.object({ name: z.enum(reportNames).optional() }),
    },
    async ({ event, path, query }) => {
      requireAdmin(await principalOf(event, 'iam'));
      const reports = await dailyReportsOf(path.lotId, path.date);
      if (query.name !== undefined) return documentReply('text/csv; charset=utf-8', reports[query.name], `${path.lotId}-${path.date}-${query.name}.csv`);
      return ok({ lotId: path.lotId, date: path.date, reports });
    },
  ),
});
