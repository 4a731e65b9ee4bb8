package io.kakehashi.hdf5;

import io.jhdf.filter.BitShuffleFilter;
import io.jhdf.filter.Filter;
import io.jhdf.filter.Lz4Filter;
import io.jhdf.filter.LzfFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The chunk filters {@link StoredRows} decodes with, by HDF5 filter id: ours for deflate,
 * shuffle and fletcher32, jHDF's for lzf, lz4 and bitshuffle, and any registered through the
 * {@code io.jhdf.filter.Filter} service loader (which is how ours replace jHDF's in jHDF's own
 * paths too). jHDF's pipeline applies every filter to every chunk; we need them one by one to
 * honour each chunk's filter mask.
 */
final class ChunkFilters {
  private static final Map<Integer, Filter> BY_ID = load();

  private ChunkFilters() {}

  private static Map<Integer, Filter> load() {
    Map<Integer, Filter> m = new HashMap<>();
    for (Filter f : new Filter[] {new LzfFilter(), new Lz4Filter(), new BitShuffleFilter()}) m.put(f.getId(), f);
    for (Filter f : ServiceLoader.load(Filter.class, ChunkFilters.class.getClassLoader())) m.put(f.getId(), f);
    for (Filter f : new Filter[] {new DeflateFilter(), new ShuffleFilter(), new Fletcher32Filter()}) m.put(f.getId(), f);
    return Map.copyOf(m);
  }

  static byte[] decode(int id, String name, byte[] data, int[] filterData) {
    Filter f = BY_ID.get(id);
    if (f == null) throw new IllegalStateException("filter '" + name + "' (id " + id + ") is not supported");
    return f.decode(data, filterData);
  }
}
