import { expect, it } from 'vitest';
import { jobSchedules } from './jobSchedules.js';
import { lotJobNames } from './lotJobs.js';

it('schedules every job of the registry exactly once', () => {
  expect(jobSchedules.map(({ job }) => job).sort()).toEqual([...lotJobNames].sort());
});

it('writes EventBridge Scheduler expressions', () => {
  for (const { expression } of jobSchedules) expect(expression).toMatch(/^(cron\((\S+ ){5}\S+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/);
});
