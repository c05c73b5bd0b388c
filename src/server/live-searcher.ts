/**
 * The searcher the server serves, swapped live when a new build is switched in. `reload()` asks
 * which build `CURRENT` names; when it names another one it opens that build beside the one
 * serving and, once it has loaded, swaps the reference in one assignment: a request already running
 * keeps the searcher it started with, every later request sees the new one. A build that fails to
 * load is refused with one log line and the old one keeps serving. The old index is closed (its
 * query-embedding worker stopped) only after `retireAfterMs`, when requests begun on it are done.
 * No file system here: the caller says how to read `CURRENT`, how to open a build, and when to look.
 */
import type { OpenedIndex } from '../persist/loaded-index.ts';
import {
  createSearcher,
  type IndexSummary,
  type Searcher,
  type SearcherOptions,
} from '../search/searcher.ts';
import type { Manifest } from '../types.ts';

/** How the live searcher reaches its builds. */
export interface LiveSearcherOptions {
  /** The build `CURRENT` names now, or null when it names none. */
  currentBuild(): Promise<string | null>;
  /**
   * Opens the live build (throws `IndexLoadError` for one that cannot be used). `start`: the first
   * build, which may come back with its semantic half still loading (nothing else serves yet);
   * `reload`: a new build, opened whole, so one that fails to load is refused while the old one serves.
   */
  open(purpose: 'start' | 'reload'): Promise<OpenedIndex>;
  /** One line per swap or refusal. */
  log(line: string): void;
  /** How long a replaced index stays open for the requests that started on it. */
  retireAfterMs: number;
  /** How each build's searcher serves (its result cache; each new build starts with an empty one). */
  searcher?: SearcherOptions;
}

/** The health summary plus which build answers. */
export interface LiveSummary extends IndexSummary {
  buildId: string;
}

/** What a reload did. */
export type ReloadOutcome = 'swapped' | 'unchanged' | 'refused';

/** A searcher that always answers from the newest loaded build, and the means to reload it. */
export interface LiveSearcher {
  /** Delegates every call to the build serving at the moment of the call. */
  searcher: Omit<Searcher, 'summary'> & { summary(): LiveSummary };
  /** Loads the build `CURRENT` names if it is new; concurrent calls share one reload. */
  reload(): Promise<ReloadOutcome>;
  /** The id of the build serving now. */
  buildId(): string;
  /** The manifest of the build serving now. */
  manifest(): Manifest;
  /** Closes the serving index and any index still retiring. */
  close(): Promise<void>;
}

interface Serving {
  index: OpenedIndex;
  searcher: Searcher;
}

function serve(index: OpenedIndex, options: SearcherOptions = {}): Serving {
  return { index, searcher: createSearcher(index, options) };
}

/**
 * Starts making `searcher`'s suggestion tables, a kind at a time, after the current task (a reload's
 * swap; at start the server does it once it listens), so the first type-ahead finds them ready and
 * no request waits behind them. A damaged suggestions file is reported by the first suggest request,
 * not here.
 */
function warmSuggestionsSoon(searcher: Searcher): void {
  setImmediate(() => searcher.warmSuggestions().catch(() => {}));
}

/** Logs how a semantic half opened in the background ended: a failure loudly, with what still works. */
function reportSemanticLoad(index: OpenedIndex, log: (line: string) => void): void {
  const started = performance.now();
  void index.semanticSettled?.then((status) => {
    if (status.state === 'failed') {
      log(
        `The semantic half of build ${index.buildId} failed to load. ${status.reason} Keyword search goes on; semantic and hybrid requests answer 503 SEMANTIC_UNAVAILABLE.`,
      );
    } else {
      log(
        `The semantic half of build ${index.buildId} is ready (${Math.round(performance.now() - started)} ms after the keyword side).`,
      );
    }
  });
}

/** Opens the live build and returns a searcher that follows `CURRENT` on each {@link LiveSearcher.reload}. */
export async function openLiveSearcher(options: LiveSearcherOptions): Promise<LiveSearcher> {
  let serving = serve(await options.open('start'), options.searcher);
  reportSemanticLoad(serving.index, options.log);
  const retiring = new Set<{ index: OpenedIndex; timer: NodeJS.Timeout }>();
  // A build that failed to load is not retried until CURRENT names another one.
  let refused: string | null = null;
  let running: Promise<ReloadOutcome> | null = null;
  let again = false;

  const retire = (index: OpenedIndex) => {
    const entry = {
      index,
      timer: setTimeout(() => {
        retiring.delete(entry);
        void index.close();
      }, options.retireAfterMs),
    };
    entry.timer.unref();
    retiring.add(entry);
  };

  const reloadOnce = async (): Promise<ReloadOutcome> => {
    const name = await options.currentBuild();
    if (name === null || name === serving.index.buildId || name === refused) return 'unchanged';
    let index: OpenedIndex;
    try {
      index = await options.open('reload');
    } catch (error) {
      refused = name;
      const reason = error instanceof Error ? error.message : String(error);
      options.log(`Refused the new build ${name}: ${reason} Still serving ${serving.index.buildId}.`);
      return 'refused';
    }
    if (index.buildId === serving.index.buildId) {
      await index.close();
      return 'unchanged';
    }
    const previous = serving;
    serving = serve(index, options.searcher);
    warmSuggestionsSoon(serving.searcher);
    refused = null;
    retire(previous.index);
    const { documents, paragraphs } = index.manifest;
    options.log(
      `Serving build ${index.buildId} (${documents} documents, ${paragraphs} paragraphs), replacing ${previous.index.buildId}.`,
    );
    return 'swapped';
  };

  const reload = (): Promise<ReloadOutcome> => {
    if (running) {
      // A switch during a reload is picked up by one more reload right after it.
      again = true;
      return running;
    }
    running = (async () => {
      let outcome = await reloadOnce();
      while (again) {
        again = false;
        const next = await reloadOnce();
        if (next !== 'unchanged') outcome = next;
      }
      return outcome;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const current = () => serving.searcher;
  const searcher: LiveSearcher['searcher'] = {
    summary: () => ({ ...current().summary(), buildId: serving.index.buildId }),
    hasSemantic: () => current().hasSemantic(),
    search: (request, timing) => current().search(request, timing),
    exportRows: (request) => current().exportRows(request),
    timeline: (query, mode) => current().timeline(query, mode),
    similar: (id, similarOptions) => current().similar(id, similarOptions),
    documents: () => current().documents(),
    document: (id) => current().document(id),
    paragraph: (id) => current().paragraph(id),
    suggest: (prefix, limit) => current().suggest(prefix, limit),
    warmSuggestions: () => current().warmSuggestions(),
    lineage: () => current().lineage(),
  };

  return {
    searcher,
    reload,
    buildId: () => serving.index.buildId,
    manifest: () => serving.index.manifest,
    async close() {
      for (const entry of retiring) {
        clearTimeout(entry.timer);
        await entry.index.close();
      }
      retiring.clear();
      await serving.index.close();
    },
  };
}
