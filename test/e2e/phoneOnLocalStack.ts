/**
 * One `npm start` and one phone for a whole test file (the H5 build and the stack's start are the
 * slow part): started before the file's tests, stopped after them. One phone is one driver: its
 * browser keeps the same WeChat login code.
 */
import { afterAll, beforeAll } from 'vitest';
import { startLocalStack, type LocalStackProcess } from './localStackProcess.js';
import { openPhone, type Phone } from './mobileBrowser.js';

export interface PhoneOnLocalStack {
  stack: () => LocalStackProcess;
  phone: () => Phone;
}

export const phoneOnLocalStack = (): PhoneOnLocalStack => {
  let stack: LocalStackProcess | undefined;
  let phone: Phone | undefined;
  beforeAll(async () => {
    stack = await startLocalStack();
    phone = await openPhone();
  }, 480_000);
  afterAll(async () => {
    await phone?.close();
    await stack?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The local stack and the phone start in beforeAll');
    return value;
  };
  return { stack: () => started(stack), phone: () => started(phone) };
};
