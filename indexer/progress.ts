/**
 * What a build tells the person running it, on stderr: a line per phase and, on a terminal, a
 * progress bar with a per-second rate for the long phases (embedding, vector index).
 */
import cliProgress from 'cli-progress';

/** A running progress bar for one phase. */
export interface PhaseBar {
  update(done: number, total: number): void;
  stop(): void;
}

/** The build's voice: phase lines, bars and notes. */
export interface Progress {
  /** Announces a phase, e.g. "Reading documents". */
  phase(message: string): void;
  /** A bar counting `unit`s (e.g. "paragraphs") of a long phase. */
  bar(label: string, unit: string): PhaseBar;
  note(message: string): void;
}

/** Progress on `stream`: animated bars when it is a terminal, one summary line per bar otherwise. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const write = (line: string) => {
    if (!quiet) stream.write(`${line}\n`);
  };
  const started = performance.now();
  // Each phase line says when it began, so the gaps between lines are the phases' durations.
  const clock = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`;
  return {
    phase: (message) => write(`• [${clock()}] ${message}`),
    note: (message) => write(`  ${message}`),
    bar(label, unit) {
      const started = performance.now();
      let last = 0;
      const rate = (done: number) => Math.round(done / Math.max(0.001, (performance.now() - started) / 1000));
      const bar =
        stream.isTTY && !quiet
          ? new cliProgress.SingleBar(
              {
                stream,
                format: `  ${label} {bar} {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
                hideCursor: true,
                etaBuffer: 50,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
      let startedBar = false;
      return {
        update(done, total) {
          last = done;
          if (!bar) return;
          if (!startedBar) {
            bar.start(total, 0, { rate: 0 });
            startedBar = true;
          }
          bar.setTotal(total);
          bar.update(done, { rate: rate(done) });
        },
        stop() {
          bar?.stop();
          const seconds = (performance.now() - started) / 1000;
          write(`  ${label}: ${last} ${unit} in ${seconds.toFixed(1)} s (${rate(last)} ${unit}/s)`);
        },
      };
    },
  };
}
