package io.kakehashi.hdf5;

import io.jhdf.AbstractNode;
import io.jhdf.Constants;
import io.jhdf.api.Dataset;
import io.jhdf.dataset.CompactDataset;
import io.jhdf.dataset.ContiguousDatasetImpl;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkOffset;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.FillValueOldMessage;
import io.jhdf.storage.HdfBackingStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The stored bytes (the file's element encoding) of a row range of a 1-D or 2-D dataset, read as
 * the reference library reads them, whatever the layout: storage never written (chunks never
 * written, unallocated contiguous data, undefined fixed-array entries) reads as the dataset's
 * fill value; each chunk goes through the filters its filter mask leaves on; fletcher32 is
 * verified ({@link Fletcher32Filter}). jHDF's own slicing reads missing chunks as zeros, fails on
 * undefined chunk addresses and ignores filter masks, hence this reader.
 *
 * <p>Rows are handed to a {@link Sink} in runs straight from the decoded chunk, so that a caller
 * copying into column vectors makes one copy.
 */
final class StoredRows {
  /** Receives {@code count} elements from {@code src} at byte {@code srcOffset}, for output element {@code element}. */
  interface Sink {
    void put(byte[] src, int srcOffset, int element, int count);
  }

  private static final Method CHUNK_LOOKUP = chunkLookupMethod();

  private final Dataset dataset;
  private final HdfBackingStorage storage;
  private final int elementSize;
  private final long rows;
  private final int width;
  private final byte[] fillElement;
  /** Contiguous data address, or undefined. */
  private final long address;
  private final byte[] compact;
  private final Chunks chunks;
  /** The fill value repeated, built when first needed (one reader thread uses an instance). */
  private byte[] fillTile;

  private StoredRows(Dataset dataset) {
    this.dataset = dataset;
    this.storage = dataset.getHdfFile().getHdfBackingStorage();
    this.elementSize = dataset.getDataType().getSize();
    long[] dims = dataset.getDimensionsAsLong();
    if (dims.length < 1 || dims.length > 2) throw new IllegalArgumentException("not a 1-D or 2-D dataset");
    this.rows = dims[0];
    this.width = dims.length == 2 ? Math.toIntExact(dims[1]) : 1;
    this.fillElement = fillValue(dataset, elementSize);
    if (dataset instanceof ContiguousDatasetImpl c) {
      address = c.getDataAddress();
      compact = null;
      chunks = null;
    } else if (dataset instanceof CompactDataset c) {
      address = Constants.UNDEFINED_ADDRESS;
      ByteBuffer b = c.getDataBuffer();
      compact = new byte[b.remaining()];
      b.get(compact);
      chunks = null;
    } else if (dataset instanceof ChunkedDatasetBase c) {
      address = Constants.UNDEFINED_ADDRESS;
      compact = null;
      chunks = new Chunks(c);
    } else {
      throw new IllegalArgumentException("unsupported storage layout " + dataset.getClass().getSimpleName());
    }
  }

  static StoredRows of(Dataset dataset) {
    return new StoredRows(dataset);
  }

  /** Rows {@code [start, start + n)} as one array of {@code n * width} elements. */
  byte[] bytes(long start, int n) {
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(n, width), elementSize)];
    read(start, n, (src, srcOffset, element, count) ->
        System.arraycopy(src, srcOffset, out, element * elementSize, count * elementSize));
    return out;
  }

  /** Hands rows {@code [start, start + n)} to {@code sink}, element 0 being row {@code start}, column 0. */
  void read(long start, int n, Sink sink) {
    if (n == 0 || width == 0) return;
    if (start < 0 || start + n > rows) throw new IndexOutOfBoundsException("rows " + start + ".." + (start + n));
    int elements = n * width;
    if (compact != null) {
      sink.put(compact, Math.toIntExact(start * width * elementSize), 0, elements);
    } else if (chunks != null) {
      chunks.read(start, n, sink);
    } else if (address == Constants.UNDEFINED_ADDRESS) {
      fill(sink, 0, elements);
    } else {
      // A plain read, not jHDF's memory map: maps of thousands of small files outlive their reads.
      ByteBuffer b = storage.readBufferFromAddress(address + start * width * elementSize, elements * elementSize);
      byte[] a = new byte[b.remaining()];
      b.get(a);
      sink.put(a, 0, 0, elements);
    }
  }

  /** The fill value, {@code count} times, from output element {@code element}. */
  private void fill(Sink sink, int element, int count) {
    byte[] tile = fillTile(Math.min(count, 4096));
    int per = tile.length / elementSize;
    for (int done = 0; done < count; done += per) sink.put(tile, 0, element + done, Math.min(per, count - done));
  }

  private byte[] fillTile(int elements) {
    if (fillTile == null || fillTile.length < elements * elementSize) {
      fillTile = new byte[elements * elementSize];
      for (int i = 0; i < elements; i++) System.arraycopy(fillElement, 0, fillTile, i * elementSize, elementSize);
    }
    return fillTile;
  }

  /**
   * One element's fill value as stored: the fill value message (or the old one), else zeros, which
   * is what the reference library gives when no fill value is defined.
   */
  static byte[] fillValue(Dataset d, int elementSize) {
    byte[] fill = new byte[elementSize];
    if (!(d instanceof AbstractNode n)) return fill;
    ByteBuffer value = null;
    var header = n.getHeader();
    if (header.hasMessageOfType(FillValueMessage.class)) {
      FillValueMessage m = header.getMessageOfType(FillValueMessage.class);
      if (m.isFillValueDefined()) value = m.getFillValue();
    } else if (header.hasMessageOfType(FillValueOldMessage.class)) {
      value = header.getMessageOfType(FillValueOldMessage.class).getFillValue();
    }
    if (value != null && value.remaining() == elementSize) value.get(fill);
    return fill;
  }

  /** The chunks of a chunked dataset by their place in the chunk grid, and how to decode them. */
  private final class Chunks {
    private final int chunkRows;
    private final int chunkCols;
    private final int gridCols;
    private final int chunkBytes;
    private final int rank;
    /** jHDF's chunk index, keyed by each chunk's first element. */
    private final Map<ChunkOffset, Chunk> lookup;
    private final List<PipelineFilterWithData> filters;

    Chunks(ChunkedDatasetBase d) {
      int[] chunkDims = d.getChunkDimensions();
      chunkRows = chunkDims[0];
      chunkCols = chunkDims.length == 2 ? chunkDims[1] : 1;
      gridCols = chunkCols == 0 ? 1 : (width + chunkCols - 1) / chunkCols;
      chunkBytes = Math.multiplyExact(Math.multiplyExact(chunkRows, chunkCols), elementSize);
      rank = chunkDims.length;
      filters = d.getFilters();
      lookup = chunkLookup(d);
    }

    /** The chunk at that place in the chunk grid, or null when it was never written. */
    private Chunk chunk(long gridRow, int gridCol) {
      long[] first = rank == 1 ? new long[] {gridRow * chunkRows} : new long[] {gridRow * chunkRows, (long) gridCol * chunkCols};
      Chunk c = lookup.get(new ChunkOffset(first));
      // Fixed-array indexes list chunks never written, with an undefined address.
      return c == null || c.getAddress() == Constants.UNDEFINED_ADDRESS ? null : c;
    }

    void read(long start, int n, Sink sink) {
      long end = start + n;
      for (long gridRow = start / chunkRows; gridRow * chunkRows < end; gridRow++) {
        long chunkStart = gridRow * chunkRows;
        long from = Math.max(start, chunkStart);
        long to = Math.min(end, chunkStart + chunkRows);
        for (int gridCol = 0; gridCol < gridCols; gridCol++) {
          int col0 = gridCol * chunkCols;
          int cols = Math.min(chunkCols, width - col0);
          Chunk chunk = chunk(gridRow, gridCol);
          byte[] data = chunk == null ? null : decode(chunk);
          if (cols == width && chunkCols == width) {
            // Whole rows: one run.
            int element = (int) (from - start) * width;
            int count = (int) (to - from) * width;
            if (data == null) {
              fill(sink, element, count);
            } else {
              sink.put(data, (int) (from - chunkStart) * chunkCols * elementSize, element, count);
            }
          } else {
            for (long r = from; r < to; r++) {
              int element = (int) (r - start) * width + col0;
              if (data == null) {
                fill(sink, element, cols);
              } else {
                sink.put(data, ((int) (r - chunkStart) * chunkCols) * elementSize, element, cols);
              }
            }
          }
        }
      }
    }

    /** The chunk's bytes through every filter its mask leaves on, last filter first. */
    private byte[] decode(Chunk chunk) {
      try {
        ByteBuffer raw = storage.readBufferFromAddress(chunk.getAddress(), chunk.getSize());
        byte[] data = new byte[raw.remaining()];
        raw.get(data);
        BitSet skipped = chunk.getFilterMask();
        for (int i = filters.size() - 1; i >= 0; i--) {
          if (skipped != null && skipped.get(i)) continue;
          PipelineFilterWithData f = filters.get(i);
          data = ChunkFilters.decode(f.getId(), f.getName(), data, f.getFilterData());
        }
        if (data.length < chunkBytes) {
          throw new IllegalStateException("decodes to " + data.length + " bytes where the chunk has " + chunkBytes);
        }
        return data;
      } catch (RuntimeException e) {
        throw new IllegalStateException("chunk at " + Arrays.toString(chunk.getChunkOffset()) + " (file offset "
            + chunk.getAddress() + "): " + e.getMessage(), e);
      }
    }
  }

  /** jHDF keeps its chunk index (with each chunk's filter mask) behind a protected method. */
  @SuppressWarnings("unchecked")
  private static Map<ChunkOffset, Chunk> chunkLookup(ChunkedDatasetBase d) {
    try {
      return (Map<ChunkOffset, Chunk>) CHUNK_LOOKUP.invoke(d);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Method chunkLookupMethod() {
    try {
      Method m = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError("jHDF without ChunkedDatasetBase.getChunkLookup: " + e);
    }
  }
}
