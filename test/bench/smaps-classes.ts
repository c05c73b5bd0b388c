/**
 * A process's resident memory by kind of mapping, from the text of `/proc/PID/smaps`: file pages,
 * glibc's main arena (`[heap]`, grown by brk), glibc's thread arenas (anonymous heaps that malloc
 * reserves 64 MB at a time and 64 MB-aligned, of which the unused tail is `---p`), the main thread's
 * stack, and the other anonymous mappings (V8's heap pages, and large malloc blocks — array
 * buffers' backing stores above the mmap threshold — which smaps cannot tell apart).
 */

/** Resident bytes by class, and how much of the anonymous memory is in transparent huge pages. */
export interface SmapsClasses {
  file: number;
  mainArena: number;
  threadArenas: number;
  /** Number of thread arenas found (each one 64 MB of address space). */
  threadArenaCount: number;
  stacks: number;
  otherAnonymous: number;
  anonHugePages: number;
  rss: number;
}

interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  path: string;
  rss: number;
  anonHuge: number;
}

/** glibc's HEAP_MAX_SIZE on 64-bit: a thread arena's heap is reserved at this size and alignment. */
const ARENA_HEAP = 64n * 1024n * 1024n;

function parse(text: string): Mapping[] {
  const mappings: Mapping[] = [];
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/u.exec(line);
    if (header) {
      mappings.push({
        start: BigInt(`0x${header[1]}`),
        end: BigInt(`0x${header[2]}`),
        perms: header[3] ?? '',
        path: (header[4] ?? '').trim(),
        rss: 0,
        anonHuge: 0,
      });
      continue;
    }
    const field = /^(Rss|AnonHugePages):\s+(\d+) kB/u.exec(line);
    const last = mappings.at(-1);
    if (!field || !last) continue;
    const bytes = Number(field[2]) * 1024;
    if (field[1] === 'Rss') last.rss = bytes;
    else last.anonHuge = bytes;
  }
  return mappings;
}

/** Classifies every mapping of an smaps text; the classes' bytes sum to `rss`. */
export function classifySmaps(text: string): SmapsClasses {
  const mappings = parse(text);
  const classes: SmapsClasses = {
    file: 0,
    mainArena: 0,
    threadArenas: 0,
    threadArenaCount: 0,
    stacks: 0,
    otherAnonymous: 0,
    anonHugePages: 0,
    rss: 0,
  };
  for (const [i, m] of mappings.entries()) {
    classes.rss += m.rss;
    classes.anonHugePages += m.anonHuge;
    const next = mappings[i + 1];
    if (m.path.startsWith('/')) classes.file += m.rss;
    else if (m.path === '[heap]') classes.mainArena += m.rss;
    else if (m.path.startsWith('[stack')) classes.stacks += m.rss;
    else if (m.path.startsWith('[')) classes.otherAnonymous += m.rss;
    else if (isThreadArena(m, next)) {
      classes.threadArenas += m.rss;
      classes.threadArenaCount += 1;
    } else classes.otherAnonymous += m.rss;
  }
  return classes;
}

/** A 64 MB-aligned read-write anonymous mapping that, with the `---p` reserve after it, spans 64 MB. */
function isThreadArena(m: Mapping, next: Mapping | undefined): boolean {
  if (!m.perms.startsWith('rw') || m.start % ARENA_HEAP !== 0n) return false;
  const reserveEnd =
    next && next.start === m.end && next.perms.startsWith('---') && next.path === '' ? next.end : m.end;
  return reserveEnd - m.start === ARENA_HEAP;
}
