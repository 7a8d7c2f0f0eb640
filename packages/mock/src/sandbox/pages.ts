/** Where an item sits in a `PagedList`: its place in the order (rising) and whether it is still held. */
export interface Slot<T> {
  readonly seq: number;
  readonly item: T;
  live: boolean;
}

export interface Page<T> {
  items: T[];
  /** The `seq` to resume after, when items follow this page. */
  next: number | undefined;
  /** How many slots the page looked at (live or removed): the work it did, for tests that bound it. */
  visited: number;
}

/** Removed slots a page may have to step over before the list is compacted. */
const MAX_REMOVED = 4096;

/**
 * Items in the order they were added, read a page at a time: a page resumes after a `seq` found by binary search,
 * so reading page 10,000 costs what page 1 does. Removal marks the slot and compacts once enough have piled up,
 * which keeps the removed slots a page steps over bounded.
 */
export class PagedList<T> {
  #slots: Slot<T>[] = [];
  #removed = 0;
  #nextSeq = 1;

  get size(): number {
    return this.#slots.length - this.#removed;
  }

  add(item: T): Slot<T> {
    const slot: Slot<T> = { seq: this.#nextSeq++, item, live: true };
    this.#slots.push(slot);
    return slot;
  }

  remove(slot: Slot<T>): void {
    if (!slot.live) return;
    slot.live = false;
    if (++this.#removed > MAX_REMOVED) {
      this.#slots = this.#slots.filter((candidate) => candidate.live);
      this.#removed = 0;
    }
  }

  /** Up to `limit` items added after the one with `seq` `after` (0: from the first), oldest first. */
  page(after: number, limit: number): Page<T> {
    const slots = this.#slots;
    let low = 0;
    let high = slots.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((slots[middle] as Slot<T>).seq <= after) low = middle + 1;
      else high = middle;
    }
    const items: T[] = [];
    let visited = 0;
    let index = low;
    let last = after;
    for (; index < slots.length && items.length < limit; index++) {
      const slot = slots[index] as Slot<T>;
      visited++;
      if (!slot.live) continue;
      items.push(slot.item);
      last = slot.seq;
    }
    for (; index < slots.length && !(slots[index] as Slot<T>).live; index++) visited++;
    return { items, next: index < slots.length ? last : undefined, visited };
  }

  clear(): void {
    this.#slots = [];
    this.#removed = 0;
  }
}
