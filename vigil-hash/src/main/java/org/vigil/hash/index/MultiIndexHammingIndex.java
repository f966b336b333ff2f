package org.vigil.hash.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vigil.hash.PdqHash;

/**
 * Hamming search over 256-bit codes with multi-index hashing: returns exactly what a linear scan
 * returns, for any threshold, at a small fraction of its cost.
 *
 * <p>Layout and why:
 *
 * <ul>
 *   <li>Entries live in an {@link EntryStore}: the codes' front and back halves in two flat {@code
 *       long[]}s, {@code long[]} ids and an {@code int[]} of removal versions, appended in slot
 *       order.
 *   <li>Slots [0, tailStart) are covered by a few immutable {@link MihSegment}s, each over a
 *       contiguous slot range and with its own band layout chosen from its size (about 256 /
 *       log2(n) bands: at 10 million, 11 bands of 19 + 3 × 23 + 7 × 24 bits). The newest slots
 *       [tailStart, count) form a small tail that queries scan linearly.
 *   <li>When the tail reaches {@code tailCapacity} entries it becomes a segment; then, as in a
 *       log-structured merge, the two newest segments are rebuilt as one while the older is at most
 *       {@link #MERGE_RATIO} times the newer. A bank that grows one entry at a time therefore keeps
 *       O(log n) segments and every entry is re-indexed O(log n) times; a bulk load is one segment.
 *   <li>Removing marks the slot dead (its version in {@code death}); when dead slots pass a quarter
 *       of all slots, everything is compacted into fresh arrays and one segment.
 * </ul>
 *
 * <p>Concurrency: one writer at a time (writes synchronise on a lock); readers take no lock. Every
 * write publishes a new immutable {@link State} through a volatile field, after the entry's words
 * are in place, so a query sees each entry either completely or not at all, and a replace (same id,
 * new code) flips from the old code to the new one in a single step.
 *
 * <p>Memory at 10 million codes (11 bands): codes 32 + ids 8 + death 4 + postings 44 + bucket
 * directory ~14 + id map ~7 = ~109 bytes per entry. Speed claims: vigil-bench {@code
 * MultiIndexSearchBenchmark} and {@code vigil bench match}; see docs/index.md.
 */
public final class MultiIndexHammingIndex implements HammingIndex {

  /** Default number of newest entries kept unindexed (scanned linearly, ~4 µs at 4,096). */
  public static final int DEFAULT_TAIL_CAPACITY = 4096;

  /** PDQ's common match threshold: the layout is tuned for it, any threshold stays exact. */
  public static final int DEFAULT_EXPECTED_THRESHOLD = 31;

  static final int MERGE_RATIO = 4;

  private static final MihSegment[] NO_SEGMENTS = new MihSegment[0];

  /** One consistent view for readers; never mutated after publication (except death marks). */
  static final class State {
    final EntryStore store;
    final MihSegment[] segments;
    final int tailStart;
    final int count;
    final int version;
    final int live;

    State(
        EntryStore store, MihSegment[] segments, int tailStart, int count, int version, int live) {
      this.store = store;
      this.segments = segments;
      this.tailStart = tailStart;
      this.count = count;
      this.version = version;
      this.live = live;
    }
  }

  private final int expectedThreshold;
  private final int tailCapacity;
  private final Object writeLock = new Object();
  private IdSlotMap slotsById = new IdSlotMap();
  private volatile State state;

  /** An empty index tuned for threshold 31. */
  public MultiIndexHammingIndex() {
    this(DEFAULT_EXPECTED_THRESHOLD, DEFAULT_TAIL_CAPACITY);
  }

  /**
   * @param expectedThreshold the threshold most queries use (tunes the band layout; 0–256)
   * @param tailCapacity newest entries kept unindexed before they become a segment (1–1,000,000)
   */
  public MultiIndexHammingIndex(int expectedThreshold, int tailCapacity) {
    if (expectedThreshold < 0 || expectedThreshold > 256) {
      throw new IllegalArgumentException(
          "expectedThreshold must be 0–256, got " + expectedThreshold);
    }
    if (tailCapacity < 1 || tailCapacity > 1_000_000) {
      throw new IllegalArgumentException("tailCapacity must be 1–1000000, got " + tailCapacity);
    }
    this.expectedThreshold = expectedThreshold;
    this.tailCapacity = tailCapacity;
    this.state = new State(new EntryStore(16), NO_SEGMENTS, 0, 0, 0, 0);
  }

  @Override
  public void add(long id, PdqHash code) {
    Objects.requireNonNull(code, "code");
    synchronized (writeLock) {
      State s = state;
      EntryStore store = ensureCapacity(s.store, s.count, 1);
      publishAppended(
          s,
          store,
          appendLocked(store, s.count, id, code.w0(), code.w1(), code.w2(), code.w3()),
          1);
    }
  }

  /**
   * Adds {@code count} entries at once: {@code ids[i]} with code words {@code codes[4i..4i+3]}
   * (w0..w3). Later duplicates of an id replace earlier ones. Indexes them as one segment, so a
   * bank of millions loads in seconds.
   */
  @Override
  public void addAll(long[] ids, long[] codes, int count) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(codes, "codes");
    if (count < 0 || count > ids.length || 4L * count > codes.length) {
      throw new IllegalArgumentException(
          "count " + count + " does not fit ids[" + ids.length + "] / codes[" + codes.length + "]");
    }
    synchronized (writeLock) {
      State s = state;
      EntryStore store = ensureCapacity(s.store, s.count, count);
      slotsById.reserve(slotsById.size() + count, store.ids);
      int replaced = 0;
      int version = s.version;
      for (int i = 0; i < count; i++) {
        int slot = s.count + i;
        store.set(slot, ids[i], codes[4 * i], codes[4 * i + 1], codes[4 * i + 2], codes[4 * i + 3]);
        int old = slotsById.put(slot, store.ids);
        if (old >= 0) {
          // All replacements of one bulk load share one version step.
          if (replaced == 0) {
            version++;
          }
          store.death[old] = version;
          replaced++;
        }
      }
      State next =
          new State(
              store, s.segments, s.tailStart, s.count + count, version, s.live + count - replaced);
      state = next;
      afterWrite(next);
    }
  }

  /**
   * Takes over {@code store}, whose slots [0, count) were filled by a snapshot read, as the whole
   * content of this empty index: maps the ids (a later duplicate replaces an earlier one, as in
   * {@link #addAll}) and indexes everything in one bulk build, without copying the entries.
   */
  void adopt(EntryStore store, int count) {
    synchronized (writeLock) {
      if (state.count != 0) {
        throw new IllegalStateException("adopt needs an empty index");
      }
      IdSlotMap map = new IdSlotMap();
      map.reserve(count, store.ids);
      int replaced = 0;
      for (int slot = 0; slot < count; slot++) {
        int old = map.put(slot, store.ids);
        if (old >= 0) {
          store.death[old] = 1;
          replaced++;
        }
      }
      slotsById = map;
      State next = new State(store, NO_SEGMENTS, 0, count, replaced > 0 ? 1 : 0, count - replaced);
      state = next;
      afterWrite(next);
    }
  }

  private int appendLocked(
      EntryStore store, int slot, long id, long w0, long w1, long w2, long w3) {
    store.set(slot, id, w0, w1, w2, w3);
    return slotsById.put(slot, store.ids);
  }

  private void publishAppended(State s, EntryStore store, int replacedSlot, int added) {
    int version = s.version;
    int live = s.live + added;
    if (replacedSlot >= 0) {
      version++;
      store.death[replacedSlot] = version;
      live--;
    }
    State next = new State(store, s.segments, s.tailStart, s.count + added, version, live);
    state = next;
    afterWrite(next);
  }

  private static EntryStore ensureCapacity(EntryStore store, int count, int more) {
    long needed = (long) count + more;
    if (needed <= store.capacity()) {
      return store;
    }
    long grown = Math.max(needed, store.capacity() + (store.capacity() >> 1) + 16);
    return store.grow((int) Math.min(grown, Math.max(needed, EntryStore.MAX_CAPACITY)));
  }

  @Override
  public boolean remove(long id) {
    synchronized (writeLock) {
      State s = state;
      int slot = slotsById.remove(id, s.store.ids);
      if (slot < 0) {
        return false;
      }
      int version = s.version + 1;
      s.store.death[slot] = version;
      State next = new State(s.store, s.segments, s.tailStart, s.count, version, s.live - 1);
      state = next;
      afterWrite(next);
      return true;
    }
  }

  /** Seals a full tail into a segment, merges segments, compacts when many slots are dead. */
  private void afterWrite(State s) {
    int dead = s.count - s.live;
    if ((dead > tailCapacity && dead > s.count / 4) || s.version > Integer.MAX_VALUE - 16) {
      compact(s);
      return;
    }
    if (s.count - s.tailStart < tailCapacity) {
      return;
    }
    List<MihSegment> segments = new ArrayList<>(Arrays.asList(s.segments));
    segments.add(
        MihSegment.build(s.store, s.tailStart, s.count, s.version, expectedThreshold, true));
    while (segments.size() >= 2) {
      MihSegment newer = segments.get(segments.size() - 1);
      MihSegment older = segments.get(segments.size() - 2);
      if (older.entries > (long) MERGE_RATIO * newer.entries) {
        break;
      }
      segments.remove(segments.size() - 1);
      segments.set(
          segments.size() - 1,
          MihSegment.build(s.store, older.lo, newer.hi, s.version, expectedThreshold, true));
    }
    segments.removeIf(segment -> segment.entries == 0);
    state = new State(s.store, segments.toArray(NO_SEGMENTS), s.count, s.count, s.version, s.live);
  }

  /**
   * Copies the live entries into fresh arrays (slot order kept) and indexes them as one segment.
   */
  private void compact(State s) {
    EntryStore old = s.store;
    EntryStore fresh = new EntryStore(Math.max(16, s.live + s.live / 8));
    int n = 0;
    for (int slot = 0; slot < s.count; slot++) {
      if (old.alive(slot, s.version)) {
        int h = slot << 1;
        fresh.set(n++, old.ids[slot], old.front[h], old.front[h + 1], old.back[h], old.back[h + 1]);
      }
    }
    IdSlotMap map = new IdSlotMap();
    map.reserve(n, fresh.ids);
    for (int slot = 0; slot < n; slot++) {
      map.put(slot, fresh.ids);
    }
    slotsById = map;
    MihSegment[] segments = NO_SEGMENTS;
    int tailStart = 0;
    if (n >= tailCapacity) {
      segments = new MihSegment[] {MihSegment.build(fresh, 0, n, 0, expectedThreshold, true)};
      tailStart = n;
    }
    state = new State(fresh, segments, tailStart, n, 0, n);
  }

  @Override
  public void search(PdqHash query, int maxDistance, HitConsumer hits) {
    Objects.requireNonNull(query, "query");
    search(query.w0(), query.w1(), query.w2(), query.w3(), maxDistance, hits);
  }

  /** {@link #search(PdqHash, int, HitConsumer)} on the code's words w0..w3 (no allocation). */
  public void search(long q0, long q1, long q2, long q3, int maxDistance, HitConsumer hits) {
    if (maxDistance < 0 || maxDistance > 256) {
      throw new IllegalArgumentException("maxDistance must be 0–256, got " + maxDistance);
    }
    Objects.requireNonNull(hits, "hits");
    State s = state;
    if (s.tailStart > 0) {
      SearchScratch scratch = SearchScratch.acquire();
      try {
        for (MihSegment segment : s.segments) {
          segment.search(s.store, s.version, q0, q1, q2, q3, maxDistance, scratch, hits);
        }
      } finally {
        scratch.release();
      }
    }
    s.store.scan(s.tailStart, s.count, s.version, q0, q1, q2, q3, maxDistance, hits);
  }

  /**
   * Writes the live entries to {@code file} (see {@link IndexSnapshot} for the format); queries and
   * writes may continue meanwhile, the snapshot holds the entries live when it started.
   */
  public void save(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Entries entries = entries();
    IndexSnapshot.write(file, entries.ids(), entries.codes(), entries.count());
  }

  /**
   * Visits the live entries of one published state (readers' view: later writes, which append past
   * its count or mark deaths at later versions, do not change what is visited).
   */
  @Override
  public void forEachEntry(EntryVisitor visitor) {
    Objects.requireNonNull(visitor, "visitor");
    State s = state;
    EntryStore store = s.store;
    for (int slot = 0; slot < s.count; slot++) {
      if (store.alive(slot, s.version)) {
        int h = slot << 1;
        visitor.accept(
            store.ids[slot], store.front[h], store.front[h + 1], store.back[h], store.back[h + 1]);
      }
    }
  }

  /** The live entries of one published state: readers' view, unaffected by later writes. */
  @Override
  public Entries entries() {
    State s = state;
    long[] ids = new long[s.live];
    long[] codes = new long[4 * s.live];
    int n = 0;
    for (int slot = 0; slot < s.count && n < s.live; slot++) {
      if (s.store.alive(slot, s.version)) {
        ids[n] = s.store.ids[slot];
        s.store.copyCode(slot, codes, 4 * n);
        n++;
      }
    }
    return new Entries(ids, codes, n);
  }

  /**
   * Loads a snapshot written by {@link #save}.
   *
   * @throws IOException naming the file when it is missing, truncated, corrupt or not a snapshot
   */
  public static MultiIndexHammingIndex load(Path file, int expectedThreshold) throws IOException {
    Objects.requireNonNull(file, "file");
    MultiIndexHammingIndex index =
        new MultiIndexHammingIndex(expectedThreshold, DEFAULT_TAIL_CAPACITY);
    IndexSnapshot.read(file, index);
    return index;
  }

  @Override
  public int size() {
    return state.live;
  }

  /** Bytes held by the index's arrays: entries, segments and the id map. */
  @Override
  public long memoryBytes() {
    State s = state;
    long bytes = s.store.memoryBytes();
    for (MihSegment segment : s.segments) {
      bytes += segment.memoryBytes();
    }
    synchronized (writeLock) {
      bytes += slotsById.memoryBytes();
    }
    return bytes;
  }

  /** A one-line description of the segments and their band layouts (for logs and benchmarks). */
  public String describe() {
    State s = state;
    StringBuilder text = new StringBuilder();
    text.append(s.live).append(" live of ").append(s.count).append(" slots; ");
    for (MihSegment segment : s.segments) {
      text.append("segment ")
          .append(segment.entries)
          .append(" entries, ")
          .append(segment.layout)
          .append("; ");
    }
    return text.append("tail ").append(s.count - s.tailStart).toString();
  }

  State state() {
    return state;
  }

  /**
   * Checks up to {@code samples} stored slots chosen at random: each live entry must be found under
   * its own id at distance 0 by a search for its own code. After a bulk build or a snapshot load
   * this proves every sampled entry was indexed (the snapshot's checksum vouches for the bytes).
   *
   * @return {@code {checked, found}}
   */
  public int[] selfCheck(int samples, long seed) {
    State s = state;
    int checked = Math.min(samples, s.count);
    int found = 0;
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    long[] code = new long[4];
    for (int i = 0; i < checked; i++) {
      int slot = random.nextInt(s.count);
      s.store.copyCode(slot, code, 0);
      long id = s.store.ids[slot];
      boolean[] seen = {false};
      search(
          code[0],
          code[1],
          code[2],
          code[3],
          0,
          (hit, distance) -> seen[0] |= hit == id && distance == 0);
      found += seen[0] ? 1 : 0;
    }
    return new int[] {checked, found};
  }
}
