import { describe, expect, it } from 'vitest';
import { minutesSince, stayText } from './stayText.js';

const enteredAt = '2026-11-23T09:05:00+08:00';

describe('how home speaks of a stay', () => {
  it('counts the stay on the phone’s clock in whole minutes, never below zero', () => {
    expect(minutesSince(enteredAt, new Date('2026-11-23T11:15:59+08:00'))).toBe(130);
    expect(minutesSince(enteredAt, new Date('2026-11-23T09:00:00+08:00'))).toBe(0);
  });

  it('says how long the car is parked and what it owes, or that it may leave', () => {
    const now = new Date('2026-11-23T11:15:00+08:00');
    expect(stayText({ enteredAt, due: 1100, paid: 0 }, now)).toBe('已停 2小时10分钟 · 待缴 ¥11.00');
    expect(stayText({ enteredAt, due: 0, paid: 1100 }, now)).toBe('已停 2小时10分钟 · 已缴费，请尽快离场');
    expect(stayText({ enteredAt, due: 0, paid: 0 }, new Date('2026-11-23T09:15:00+08:00'))).toBe('已停 10分钟 · 当前免费');
  });
});
