/**
 * The lane simulator's command line, parsed and checked before anything is sent:
 *   enter <plate> | enter --no-plate | exit <plate> | exit --no-plate | flush | config | commands
 * with --lane, --at (ISO instant, or how long ago: 2h, 90m, 1d3h), --offline, --color,
 * --confidence, --phone, --event-id, --api, --data-dir.
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { formatYuan } from '../../shared/money/index.js';
import { plateColors, type LaneDecision } from '../../shared/sessions/index.js';

export type LaneAction =
  | {
      kind: 'event';
      type: 'entry' | 'exit';
      plate: string | null;
      lane?: string;
      at: Date;
      offline: boolean;
      plateColor?: (typeof plateColors)[number];
      confidence?: number;
      phone?: string;
      eventId: string;
    }
  | { kind: 'flush' | 'config' | 'commands'; lane?: string };

export interface LaneCommandLine {
  action: LaneAction;
  api?: string;
  dataDir?: string;
}

export class UsageError extends Error {}

export const usage = `Usage: npm run sim -- <command> [options]

  enter <plate>        a car arrives at an entry lane (e.g. enter 粤B12345)
  enter --no-plate     a car without a readable plate
  exit <plate>         a car reaches an exit lane
  flush                upload the offline backlog as one batch per device
  config               show the device's offline snapshot (tariffs, allow-list)
  commands             poll the lane's pending barrier commands

Options
  --lane <laneId>      the lane (default: the demo lot's first entry or exit lane)
  --at <time>          when the camera saw the car: an ISO instant, or how long ago (2h, 90m, 1d3h)
  --offline            do not send: queue the event in the device's backlog for \`flush\`
  --color <color>      plate colour (${plateColors.join(', ')})
  --confidence <0..1>  the camera's confidence in the read
  --phone <number>     phone number typed at the lane (no-plate fallback)
  --event-id <id>      the event id (default: a new one; reuse one to see a replay)
  --api <url>          API base URL (default: apiUrl of .data/local.json)
  --data-dir <dir>     the local stack's data directory (default: .data)`;

const relativePattern = /^([+-]?)((?:\d+[dhms])+)$/;
const unitSeconds: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

/** `2026-03-01T09:00:00+08:00`, or how long ago (`2h`, `1d3h30m`; `+10m` is ahead of now). */
export const parseAt = (text: string, now: Date): Date => {
  const relative = relativePattern.exec(text);
  if (relative) {
    const seconds = [...relative[2]!.matchAll(/(\d+)([dhms])/g)].reduce((sum, [, count, unit]) => sum + Number(count) * unitSeconds[unit!]!, 0);
    return new Date(now.getTime() + (relative[1] === '+' ? 1 : -1) * seconds * 1000);
  }
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError(`--at must be an ISO instant with an offset or how long ago, like 2h, not "${text}"`);
  }
  return new Date(text);
};

export const newEventId = (now: Date): string => `sim-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;

export const parseLaneCommand = (args: readonly string[], now: Date): LaneCommandLine => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        lane: { type: 'string' },
        at: { type: 'string' },
        offline: { type: 'boolean', default: false },
        'no-plate': { type: 'boolean', default: false },
        color: { type: 'string' },
        confidence: { type: 'string' },
        phone: { type: 'string' },
        'event-id': { type: 'string' },
        api: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const [command, plate, ...extra] = positionals;
  const common = { ...(values.api ? { api: values.api } : {}), ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) };
  const lane = values.lane ? { lane: values.lane } : {};
  if (command === 'flush' || command === 'config' || command === 'commands') {
    if (plate !== undefined) throw new UsageError(`${command} takes no plate`);
    return { action: { kind: command, ...lane }, ...common };
  }
  if (command !== 'enter' && command !== 'exit') throw new UsageError(command ? `Unknown command "${command}"` : 'Say what happens: enter, exit, flush, config or commands');
  if (extra.length > 0) throw new UsageError(`One plate at a time (got ${[plate, ...extra].join(' ')})`);
  if ((plate === undefined) === !values['no-plate']) throw new UsageError(`${command} needs a plate, or --no-plate (not both)`);
  const color = values.color;
  if (color !== undefined && !(plateColors as readonly string[]).includes(color)) throw new UsageError(`--color must be one of ${plateColors.join(', ')}`);
  const confidence = values.confidence === undefined ? undefined : Number(values.confidence);
  if (confidence !== undefined && !(confidence >= 0 && confidence <= 1)) throw new UsageError('--confidence must be between 0 and 1');
  return {
    action: {
      kind: 'event',
      type: command === 'enter' ? 'entry' : 'exit',
      plate: plate ?? null,
      ...lane,
      at: values.at ? parseAt(values.at, now) : now,
      offline: values.offline,
      ...(color ? { plateColor: color as (typeof plateColors)[number] } : {}),
      ...(confidence !== undefined ? { confidence } : {}),
      ...(values.phone ? { phone: values.phone } : {}),
      eventId: values['event-id'] ?? newEventId(now),
    },
    ...common,
  };
};

const decisionWords: Record<LaneDecision['decision'], string> = {
  open: 'OPEN    barrier opens',
  pay: 'PAY     barrier stays closed until paid',
  deny: 'DENY    barrier stays closed',
  manual: 'MANUAL  staff decide',
};

/** The barrier's answer as a person reads it: the two display lines, then the decision. */
export const describeDecision = (answer: LaneDecision): string[] => [
  `  ┃ ${answer.display[0]}`,
  `  ┃ ${answer.display[1]}`,
  `  ${decisionWords[answer.decision]}${answer.due !== undefined ? `   due ${formatYuan(answer.due)}` : ''}`,
  ...(answer.sessionId ? [`  session ${answer.sessionId}`] : []),
];
