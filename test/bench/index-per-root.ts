/** The `--index` of a bench that starts several checkouts: one index for all, or one per `--root` in order. */
export function indexPerRoot(indexes: readonly string[], roots: readonly string[]): (root: string) => string {
  if (indexes.length !== 1 && indexes.length !== roots.length) {
    throw new Error('--index DIR is required, once or once per --root');
  }
  return (root) => (indexes.length === 1 ? indexes[0] : indexes[roots.indexOf(root)]) as string;
}
