import { quoteStay } from '../../shared/fees/index.js';
import type { CommandRun } from './command.js';
import { answerStdinJson } from './jsonOutput.js';

/** `parkade quote`: a stay on stdin → its quote (or a batch of them); the fee engine validates. */
export const quote: CommandRun = (_args, io) => answerStdinJson(io, 'quote', quoteStay);
