/** One benchmark the runner can call: it measures and returns its report body in Markdown. */
export interface Benchmark {
  /** Short name: selects it on the command line and names its report, bench/results/<name>.md. */
  name: string;
  title: string;
  run(): Promise<BenchmarkReport> | BenchmarkReport;
}

export interface BenchmarkReport {
  /** The report's Markdown body (the runner adds the title, date and machine). */
  markdown: string;
  /** A few lines for the console. */
  summary: string[];
}
