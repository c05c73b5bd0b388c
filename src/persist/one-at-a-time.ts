/**
 * A task handler made to run one task at a time, in the order the tasks arrive — whatever the
 * caller's concurrency. The semantic worker's pool posts every task to its thread as soon as it is
 * asked for (semantic-thread.ts); a transformer's embedding awaits, so without this several tasks
 * would interleave in the thread and share its cores.
 */

/** `handle`, each call started only once the previous call has settled (resolved or rejected). */
export function oneAtATime<T, R>(handle: (task: T) => Promise<R>): (task: T) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const answer = last.then(() => handle(task));
    last = answer.catch(() => {});
    return answer;
  };
}
