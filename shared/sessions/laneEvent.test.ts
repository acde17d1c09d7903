import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.js';
import { acceptDeviceEvent, deviceEventSchema, laneDecisionSchema, type LaneDevice } from './laneEvent.js';
import { formatStay, laneDisplay } from './laneDisplay.js';
import { findListedPlate, isAllowListed, plateListEntrySchema } from './plateList.js';

const wire = { eventId: 'e1', laneId: 'lane-in', type: 'entry', plate: ' 粤b·12345 ', at: '2026-03-01T09:00:00+08:00' };

describe('the device event on the wire', () => {
  it('normalises the plate so camera reads and typed plates meet', () => {
    expect(deviceEventSchema.parse(wire).plate).toBe('粤B12345');
  });

  it.each([
    ['a time without offset', { at: '2026-03-01T09:00:00' }],
    ['a confidence above 1', { confidence: 1.2 }],
    ['an unknown type', { type: 'pass' }],
    ['an event id with separators', { eventId: 'a.b' }],
    ['a plate longer than any plate', { plate: 'X'.repeat(33) }],
    ['a phone that is no mobile number', { phone: '12345' }],
  ])('refuses %s', (_, change) => {
    expect(deviceEventSchema.safeParse({ ...wire, ...change }).success).toBe(false);
  });

  it('accepts the optional fields', () => {
    expect(deviceEventSchema.parse({ ...wire, plateColor: 'green', confidence: 0.93, phone: '13800138000' })).toMatchObject({
      plateColor: 'green',
      confidence: 0.93,
      phone: '13800138000',
    });
  });

  it('the decision has exactly two display lines', () => {
    expect(laneDecisionSchema.safeParse({ decision: 'open', display: ['粤B12345'] }).success).toBe(false);
    expect(laneDecisionSchema.safeParse({ decision: 'pay', due: 1100, display: ['a', 'b'] }).success).toBe(true);
  });
});

describe('acceptDeviceEvent', () => {
  const device: LaneDevice = { deviceId: 'dev-1', lotId: 'lot-demo', laneId: 'lane-in', direction: 'entry' };
  const event = deviceEventSchema.parse(wire);
  const receivedAt = new Date('2026-03-01T09:00:00+08:00');
  const codeOf = (run: () => void): string | undefined => {
    try {
      run();
      return undefined;
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it('accepts an event from the device’s own lane and direction, even an old one from a backlog', () => {
    expect(codeOf(() => acceptDeviceEvent(event, device, new Date('2026-03-09T09:00:00+08:00')))).toBeUndefined();
  });

  it('refuses another lane’s event, the wrong direction and a time from the future', () => {
    expect(codeOf(() => acceptDeviceEvent({ ...event, laneId: 'lane-out' }, device, receivedAt))).toBe('FORBIDDEN');
    expect(codeOf(() => acceptDeviceEvent({ ...event, type: 'exit' }, device, receivedAt))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => acceptDeviceEvent({ ...event, at: '2026-03-01T09:05:01+08:00' }, device, receivedAt))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => acceptDeviceEvent({ ...event, at: '2026-03-01T09:05:00+08:00' }, device, receivedAt))).toBeUndefined();
  });
});

describe('allow-list', () => {
  const list = [
    plateListEntrySchema.parse({ plate: '粤b 12345', category: 'mallStaff', validFrom: '2026-03-01T00:00:00+08:00', validUntil: '2026-04-01T00:00:00+08:00' }),
    plateListEntrySchema.parse({ plate: '粤B99999', category: 'permittedVehicle' }),
  ];

  it('lists a plate from validFrom (inclusive) until validUntil (exclusive)', () => {
    expect(isAllowListed('粤B12345', '2026-02-28T23:59:59+08:00', list)).toBe(false);
    expect(isAllowListed('粤B12345', '2026-03-01T00:00:00+08:00', list)).toBe(true);
    expect(isAllowListed('粤B12345', '2026-03-31T23:59:59+08:00', list)).toBe(true);
    expect(isAllowListed('粤B12345', '2026-04-01T00:00:00+08:00', list)).toBe(false);
    expect(findListedPlate('粤B99999', '2030-01-01T00:00:00Z', list)?.category).toBe('permittedVehicle');
    expect(isAllowListed('粤B99998', '2026-03-02T00:00:00+08:00', list)).toBe(false);
  });

  it('refuses an entry with no valid plate or a period that ends before it starts', () => {
    expect(plateListEntrySchema.safeParse({ plate: '粤B1234', category: 'mallStaff' }).success).toBe(false);
    expect(
      plateListEntrySchema.safeParse({ plate: '粤B12345', category: 'mallStaff', validFrom: '2026-04-01T00:00:00Z', validUntil: '2026-03-01T00:00:00Z' })
        .success,
    ).toBe(false);
  });
});

describe('lane display', () => {
  it.each([
    ['2026-03-01T09:00:00+08:00', '2026-03-01T11:10:59+08:00', '2小时10分'],
    ['2026-03-01T09:00:00+08:00', '2026-03-01T09:45:00+08:00', '45分钟'],
    ['2026-03-01T09:00:00+08:00', '2026-03-04T11:00:00+08:00', '3天2小时'],
  ])('a stay from %s to %s reads %s', (from, to, text) => {
    expect(formatStay(from, to)).toBe(text);
  });

  it('keeps the pay lines within 16 characters for an everyday stay', () => {
    const lines = laneDisplay.pay('粤B12345', '2026-03-01T09:00:00+08:00', '2026-03-01T11:10:00+08:00', 1100);
    expect(lines).toEqual(['粤B12345 停车2小时10分', '请扫码缴费 ¥11.00']);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(16);
  });
});
