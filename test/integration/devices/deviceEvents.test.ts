import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { explainStay, TariffSchema } from '../../../shared/fees/index.js';
import { formatYuan } from '../../../shared/money/index.js';
import { at, call, deviceOf, entryLane, exitLane, getItem, itemsOf, laneEvent, post, seedLot, sessionItem, startApi } from './laneHarness.js';

let api: RunningApiServer;
let lot: DemoLot;
const entry = () => deviceOf(lot, entryLane);
const exit = () => deviceOf(lot, exitLane);

beforeAll(async () => {
  [api, lot] = await Promise.all([startApi(), seedLot('events')]);
});
afterAll(() => api.close());

describe('POST /device/events', () => {
  it('entry: the barrier opens and a readable open session exists', async () => {
    const answer = await post(api, entry(), { plate: '粤B10001', at: at('09:00'), eventId: 'entry-open-1' });

    expect(answer).toEqual({ decision: 'open', sessionId: `${lot.lotId}.${entryLane}.entry-open-1`, display: ['粤B10001', '欢迎光临'] });
    expect(await sessionItem(answer.sessionId!)).toMatchObject({
      entity: 'Session',
      status: 'open',
      plate: '粤B10001',
      enteredAt: at('09:00'),
      gsi1pk: `LOT#${lot.lotId}#PLATE#粤B10001`,
      gsi2pk: expect.stringMatching(new RegExp(`^LOT#${lot.lotId}#OPEN#[0-7]$`)),
    });
    expect(await getItem(`LOT#${lot.lotId}#PLATE#粤B10001`, 'HEAD')).toMatchObject({ version: 1, openSessionId: answer.sessionId });
  });

  it('exit within the free minutes: the barrier opens and the session closes owing nothing', async () => {
    const { sessionId } = await post(api, entry(), { plate: '粤B10002', at: at('09:00') });
    const answer = await post(api, exit(), { plate: '粤B10002', at: at('09:10') });

    expect(answer).toEqual({ decision: 'open', sessionId, display: ['粤B10002 停车10分钟', '一路顺风'] });
    const session = await sessionItem(sessionId!);
    expect(session).toMatchObject({ status: 'closed', closedAt: at('09:10'), closedBy: 'camera', owingFen: 0 });
    expect(session).not.toHaveProperty('gsi2pk');
  });

  it('exit with a fee: pay with the amount and display, the session stays open, the lane remembers the car', async () => {
    const { sessionId } = await post(api, entry(), { plate: '粤B10003', at: at('09:00') });
    const answer = await post(api, exit(), { plate: '粤B10003', at: at('11:10'), eventId: 'exit-pay-1' });

    // DESIGN.md's worked example: 09:00 → 11:10 costs ¥11.00.
    expect(answer).toEqual({ decision: 'pay', sessionId, due: 1100, display: ['粤B10003 停车2小时10分', '请扫码缴费 ¥11.00'] });
    expect(await sessionItem(sessionId!)).toMatchObject({ status: 'open' });
    expect(await getItem(`LOT#${lot.lotId}#LANE#${exitLane}`, 'PRESENT')).toMatchObject({
      entity: 'LanePresence',
      eventId: 'exit-pay-1',
      plate: '粤B10003',
      sessionId,
      decision: 'pay',
      due: 1100,
    });
  });

  it('a driver scanning the exit lane’s code right now finds the car waiting there', async () => {
    const enteredAt = new Date(Date.now() - 130 * 60_000).toISOString();
    const leftAt = new Date().toISOString();
    const { sessionId } = await post(api, entry(), { plate: '粤B10004', at: enteredAt });
    const answer = await post(api, deviceOf(lot, 'lane-west-out'), { plate: '粤B10004', at: leftAt });

    const expected = explainStay({ tariff: TariffSchema.parse(lot.tariff), enteredAt, exitAt: leftAt }).due;
    expect(answer).toMatchObject({ decision: 'pay', sessionId, due: expected });
    expect(answer.display[1]).toBe(`请扫码缴费 ${formatYuan(expected)}`);
    const { currentLanePresence } = await import('../../../functions/sessions/lanePresence.js');
    expect(await currentLanePresence(lot.lotId, 'lane-west-out', new Date())).toMatchObject({ sessionId, plate: '粤B10004', due: expected });
  });

  it('an event sent again gets the same answer and changes nothing', async () => {
    const { sessionId } = await post(api, entry(), { plate: '粤B10005', at: at('09:00') });
    const first = await post(api, exit(), { plate: '粤B10005', at: at('12:00'), eventId: 'exit-replay-1' });
    const before = (await itemsOf(lot)).filter((item) => item.entity !== 'Nonce');

    const again = await post(api, exit(), { plate: '粤B10005', at: at('12:00'), eventId: 'exit-replay-1' });
    // Even with other content under the same id: the event was answered, the answer stands.
    const altered = await post(api, exit(), { plate: '粤B99999', at: at('12:30'), eventId: 'exit-replay-1' });

    expect(first).toMatchObject({ decision: 'pay', sessionId });
    expect(again).toEqual(first);
    expect(altered).toEqual(first);
    expect((await itemsOf(lot)).filter((item) => item.entity !== 'Nonce')).toEqual(before);
  });

  it('special vehicles and allow-listed plates enter and leave free', async () => {
    for (const plate of ['粤B1234警', 'WJ粤12345', '粤B9M527']) {
      const entered = await post(api, entry(), { plate, at: at('08:00') });
      const left = await post(api, exit(), { plate, at: at('20:00') });
      expect(entered.decision).toBe('open');
      expect(left).toEqual({ decision: 'open', sessionId: entered.sessionId, display: [plate, '免费放行 一路顺风'] });
      expect(await sessionItem(entered.sessionId!)).toMatchObject({ status: 'closed', owingFen: 0, exemption: expect.any(String) });
    }
  });

  it('a car without a plate is sent to the entry-lane code, and at the exit to pay by scan', async () => {
    const entered = await post(api, entry(), { plate: null, at: at('10:00') });
    const left = await post(api, exit(), { plate: '无牌车', at: at('11:00'), eventId: 'exit-noplate-1' });

    expect(entered).toEqual({ decision: 'deny', display: ['无牌车', '请扫码入场'] });
    expect(left).toEqual({ decision: 'pay', display: ['无牌车', '请扫码缴费'] });
    expect(await getItem(`LOT#${lot.lotId}#LANE#${exitLane}`, 'PRESENT')).toMatchObject({ eventId: 'exit-noplate-1', plate: null, sessionId: null });
  });

  it('an exit with no session and no similar open plate goes to staff', async () => {
    const answer = await post(api, exit(), { plate: '粤Z77777', at: at('11:00') });
    expect(answer).toEqual({ decision: 'manual', display: ['粤Z77777', '无入场记录 请稍候'] });
  });

  it('refuses an invalid event with 400 naming the field, after authenticating', async () => {
    const response = await call(api, entry(), { method: 'POST', path: '/device/events', body: { ...laneEvent(entry(), { plate: '粤B1', at: 'yesterday' }) } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain('body.at');
  });
});
