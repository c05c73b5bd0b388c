/**
 * The binary heap of C++'s `std::priority_queue` over a `std::vector`, ordered by key alone (hnswlib's
 * `CompareByFirst`), moving elements exactly as libstdc++'s `__push_heap` and `__adjust_heap` do.
 * Which of two equal keys leaves first is then hnswlib's choice too — and equal keys are common:
 * a corpus's duplicate paragraphs have equal distances to every query. A heap of any other shape
 * would keep a different one of them at the edge of the k nearest.
 */
export class LibstdcxxHeap {
  /** The keys in heap order: `keys[0]` is the largest. */
  keys = new Float64Array(1_024);
  /** The value stored with each key. */
  values = new Int32Array(1_024);
  /** How many elements the heap holds. */
  size = 0;

  /** `push(key, value)`: std::priority_queue::emplace. */
  push(key: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    this.siftUp(this.size++, key, value);
  }

  /** Removes the element with the largest key: std::priority_queue::pop. */
  pop(): void {
    const length = --this.size;
    if (length <= 0) return;
    // pop_heap: the last element is re-inserted from the root's hole, after the hole has been moved
    // down along the larger children to a leaf (libstdc++'s __adjust_heap).
    const key = this.keys[length] as number;
    const value = this.values[length] as number;
    let hole = 0;
    let child = 0;
    while (child < (length - 1) >> 1) {
      child = 2 * (child + 1);
      if ((this.keys[child] as number) < (this.keys[child - 1] as number)) child--;
      this.move(child, hole);
      hole = child;
    }
    if ((length & 1) === 0 && child === (length - 2) >> 1) {
      child = 2 * (child + 1);
      this.move(child - 1, hole);
      hole = child - 1;
    }
    this.siftUp(hole, key, value);
  }

  /** Empties the heap, keeping its storage. */
  clear(): void {
    this.size = 0;
  }

  private siftUp(hole: number, key: number, value: number): void {
    let parent = (hole - 1) >> 1;
    while (hole > 0 && (this.keys[parent] as number) < key) {
      this.move(parent, hole);
      hole = parent;
      parent = (hole - 1) >> 1;
    }
    this.keys[hole] = key;
    this.values[hole] = value;
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] as number;
    this.values[to] = this.values[from] as number;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const values = new Int32Array(this.values.length * 2);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
