/** What a command may touch of the outside world; the tests pass their own. */
export interface CliIo {
  /** The whole of stdin as UTF-8 text. */
  readStdin(): Promise<string>;
  /** True when stdin is a terminal, i.e. nothing was piped in. */
  stdinIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  stdinIsTTY: process.stdin.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
