import { describe, expect, it } from 'vitest';
import { describeDecision, parseAt, parseLaneCommand, UsageError } from './laneCommand.js';

const now = new Date('2026-03-01T03:00:00Z');

describe('the lane simulator command line', () => {
  it('reads a car entering with a plate, and one without', () => {
    expect(parseLaneCommand(['enter', '粤B12345'], now).action).toMatchObject({ kind: 'event', type: 'entry', plate: '粤B12345', at: now, offline: false });
    expect(parseLaneCommand(['enter', '--no-plate', '--lane', 'lane-west-in'], now).action).toMatchObject({ type: 'entry', plate: null, lane: 'lane-west-in' });
  });

  it('reads an exit with options, and the backlog commands', () => {
    const { action, api } = parseLaneCommand(['exit', '粤B12345', '--offline', '--at', '2h30m', '--color', 'yellow', '--event-id', 'x-1', '--api', 'http://localhost:9000'], now);
    expect(action).toMatchObject({ type: 'exit', offline: true, plateColor: 'yellow', eventId: 'x-1', at: new Date('2026-03-01T00:30:00Z') });
    expect(api).toBe('http://localhost:9000');
    expect(parseLaneCommand(['flush'], now).action).toEqual({ kind: 'flush' });
  });

  it('takes --at as an instant with an offset or as a time relative to now', () => {
    expect(parseAt('2026-03-01T09:00:00+08:00', now)).toEqual(new Date('2026-03-01T01:00:00Z'));
    expect(parseAt('1d', now)).toEqual(new Date('2026-02-28T03:00:00Z'));
    expect(parseAt('+90s', now)).toEqual(new Date('2026-03-01T03:01:30Z'));
    expect(parseAt('-1d', now)).toEqual(new Date('2026-02-28T03:00:00Z'));
    expect(() => parseAt('2026-03-01 09:00', now)).toThrow(UsageError);
  });

  it.each([
    [[]],
    [['park', '粤B12345']],
    [['enter']],
    [['enter', '粤B12345', '--no-plate']],
    [['enter', '粤B12345', '粤B54321']],
    [['exit', '粤B12345', '--color', 'purple']],
    [['exit', '粤B12345', '--confidence', '2']],
    [['flush', '粤B12345']],
    [['enter', '粤B12345', '--unknown']],
  ])('refuses %j with a usage error', (args) => {
    expect(() => parseLaneCommand(args, now)).toThrow(UsageError);
  });

  it('shows the display lines, the decision and what is due in yuan', () => {
    const lines = describeDecision({ decision: 'pay', sessionId: 'lot-demo.lane-east-in.e1', due: 1100, display: ['粤B12345 停车2小时10分', '请扫码缴费 ¥11.00'] });
    expect(lines[0]).toContain('粤B12345 停车2小时10分');
    expect(lines[1]).toContain('请扫码缴费 ¥11.00');
    expect(lines[2]).toMatch(/^ {2}PAY .*due ¥11\.00$/);
    expect(lines[3]).toContain('lot-demo.lane-east-in.e1');
  });
});
