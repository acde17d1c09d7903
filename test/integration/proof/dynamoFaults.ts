/**
 * Faults injected into the handlers' DynamoDB client (functions/store/client.ts: the SDK's
 * standard retry strategy, 3 attempts, no custom configuration), through its middleware stack:
 *   - `throttle`: a command's first attempt is refused with ProvisionedThroughputExceededException
 *     or a 500 before it reaches the table (the SDK retries it);
 *   - `lostReply`: a write's first attempt is applied, then its reply is lost as a 500 (the SDK
 *     sends it again: a conditional write then meets its own effect);
 *   - `killAfterWrites`: the process dies after the n-th write of a request: later writes are
 *     never sent and the request fails (its caller retries it later).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeCommands } from './proofStack.js';

export type FaultPlan =
  | { kind: 'none' }
  | { kind: 'throttle'; everyNth: number }
  /** `only`: just writes of these entities; `spare`: never writes of these. */
  | { kind: 'lostReply'; everyNth: number; only?: string[]; spare?: string[] }
  | { kind: 'killAfterWrites'; writes: number };


export class ProcessKilled extends Error {
  constructor() {
    super('process killed between two writes (injected)');
    this.name = 'ProcessKilled';
  }
}

const serverError = (name: string, status: number): Error =>
  Object.assign(new Error(`${name} (injected)`), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, attempts: 1 } });

let plan: FaultPlan = { kind: 'none' };
let commands = 0;
let writesInRequest = 0;
/** What was injected, to show the faults really happened. */
export const injected = { throttled: 0, lostReplies: 0, kills: 0 };

export const setFaultPlan = (next: FaultPlan): void => {
  plan = next;
  commands = 0;
  writesInRequest = 0;
};

let installed: Promise<void> | undefined;
export const installFaults = (): Promise<void> =>
  (installed ??= import('../../../functions/store/client.js').then(({ documentClient }) => addMiddleware(documentClient)));

const addMiddleware = (client: DynamoDBDocumentClient): void => {
  const attemptsOf = new WeakMap<object, number>();
  // Outside the retry loop: one call per command.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      commands += 1;
      if (plan.kind === 'killAfterWrites' && writeCommands.has(name)) {
        if (writesInRequest >= plan.writes) {
          injected.kills += 1;
          throw new ProcessKilled();
        }
        writesInRequest += 1;
      }
      (context as Record<string, unknown>).proofSelected = plan.kind !== 'none' && plan.kind !== 'killAfterWrites' && commands % plan.everyNth === 0;
      return next(args);
    },
    { step: 'initialize', name: 'proofFaultPlan' },
  );
  // Inside the retry loop: once per attempt.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const attempt = (attemptsOf.get(context) ?? 0) + 1;
      attemptsOf.set(context, attempt);
      const selected = (context as Record<string, unknown>).proofSelected === true && attempt === 1;
      if (selected && plan.kind === 'throttle') {
        injected.throttled += 1;
        throw commands % 2 === 0 ? serverError('ProvisionedThroughputExceededException', 400) : serverError('InternalServerError', 500);
      }
      const result = await next(args);
      if (selected && plan.kind === 'lostReply' && writeCommands.has(String(context.commandName)) && chosen(plan, entityWritten(args.input))) {
        injected.lostReplies += 1;
        throw serverError('InternalServerError', 500);
      }
      return result;
    },
    { step: 'deserialize', name: 'proofFaultAttempt' },
  );
};

/** The entity a single-item write puts, in either the document or the marshalled form. */
const entityWritten = (input: unknown): string | undefined => {
  const entity = (input as { Item?: { entity?: unknown } }).Item?.entity;
  return typeof entity === 'string' ? entity : typeof (entity as { S?: unknown } | undefined)?.S === 'string' ? (entity as { S: string }).S : undefined;
};

const chosen = (lost: Extract<FaultPlan, { kind: 'lostReply' }>, entity: string | undefined): boolean =>
  (lost.only === undefined || (entity !== undefined && lost.only.includes(entity))) && !(entity !== undefined && lost.spare?.includes(entity));

/** A new request begins: the kill counts its writes from zero. */
export const beginRequest = (): void => {
  writesInRequest = 0;
};
