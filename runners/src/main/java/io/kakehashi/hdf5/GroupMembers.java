package io.kakehashi.hdf5;

import io.jhdf.AbstractNode;
import io.jhdf.Constants;
import io.jhdf.FractalHeap;
import io.jhdf.GroupSymbolTableNode;
import io.jhdf.LocalHeap;
import io.jhdf.ObjectHeader;
import io.jhdf.Superblock;
import io.jhdf.SymbolTableEntry;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.btree.BTreeV1;
import io.jhdf.btree.BTreeV2;
import io.jhdf.btree.record.LinkNameForIndexedGroupRecord;
import io.jhdf.dataset.DatasetLoader;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.LinkMessage;
import io.jhdf.object.message.SymbolTableMessage;
import io.jhdf.storage.HdfBackingStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds which member of a group jHDF cannot open. jHDF opens all members of a group at once and,
 * when one fails (a virtual dataset, external raw storage), says only at which address; this
 * lists the group's hard links (names and object header addresses) from its symbol table or
 * link messages and opens them one by one, so that the error can name the dataset.
 */
final class GroupMembers {
  private GroupMembers() {}

  /** The first member that cannot be opened, as {@code {name, reason}}, or null when all open. */
  static String[] firstUnreadable(Group group) {
    HdfBackingStorage storage = group.getHdfFile().getHdfBackingStorage();
    ObjectHeader header = group instanceof AbstractNode node ? node.getHeader() : rootHeader(storage);
    for (Map.Entry<String, Long> m : hardLinks(header, storage).entrySet()) {
      try {
        ObjectHeader oh = ObjectHeader.readObjectHeader(storage, m.getValue());
        if (oh.hasMessageOfType(DataSpaceMessage.class)) DatasetLoader.createDataset(storage, oh, m.getKey(), group);
      } catch (RuntimeException e) {
        return new String[] {m.getKey(), FileLayout.reason(e)};
      }
    }
    return null;
  }

  /**
   * Opens one direct member of the group by itself, for when jHDF cannot open all of them: a
   * dataset next to one jHDF cannot read stays readable. Null when there is no such hard link.
   */
  static Node openMember(Group group, String name) {
    HdfBackingStorage storage = group.getHdfFile().getHdfBackingStorage();
    ObjectHeader header = group instanceof AbstractNode node ? node.getHeader() : rootHeader(storage);
    Long address = hardLinks(header, storage).get(name);
    if (address == null) return null;
    ObjectHeader oh = ObjectHeader.readObjectHeader(storage, address);
    return oh.hasMessageOfType(DataSpaceMessage.class) ? DatasetLoader.createDataset(storage, oh, name, group) : null;
  }

  /** The root group's header: jHDF's HdfFile stands for the root group but is no AbstractNode. */
  private static ObjectHeader rootHeader(HdfBackingStorage storage) {
    Superblock sb = storage.getSuperblock();
    long address;
    if (sb instanceof Superblock.SuperblockV0V1 v0) {
      address = new SymbolTableEntry(storage, v0.getRootGroupSymbolTableAddress() - v0.getBaseAddressByte())
          .getObjectHeaderAddress();
    } else {
      address = ((Superblock.SuperblockV2V3) sb).getRootGroupObjectHeaderAddress();
    }
    return ObjectHeader.readObjectHeader(storage, address);
  }

  /** Hard links of a group, by name: old-style (symbol table) and new-style (link messages) groups. */
  private static Map<String, Long> hardLinks(ObjectHeader oh, HdfBackingStorage storage) {
    Map<String, Long> out = new TreeMap<>();
    if (oh.hasMessageOfType(SymbolTableMessage.class)) {
      SymbolTableMessage stm = oh.getMessageOfType(SymbolTableMessage.class);
      ByteBuffer names = new LocalHeap(storage, stm.getLocalHeapAddress()).getDataBuffer();
      for (long child : BTreeV1.createGroupBTree(storage, stm.getBTreeAddress()).getChildAddresses()) {
        for (SymbolTableEntry e : new GroupSymbolTableNode(storage, child).getSymbolTableEntries()) {
          if (e.getCacheType() != 2) out.put(nameAt(names, e.getLinkNameOffset()), e.getObjectHeaderAddress());
        }
      }
      return out;
    }
    List<LinkMessage> links = new ArrayList<>();
    LinkInfoMessage info = oh.getMessageOfType(LinkInfoMessage.class);
    if (info.getBTreeNameIndexAddress() == Constants.UNDEFINED_ADDRESS) {
      links.addAll(oh.getMessagesOfType(LinkMessage.class));
    } else {
      FractalHeap heap = new FractalHeap(storage, info.getFractalHeapAddress());
      for (LinkNameForIndexedGroupRecord r
          : new BTreeV2<LinkNameForIndexedGroupRecord>(storage, info.getBTreeNameIndexAddress()).getRecords()) {
        links.add(LinkMessage.fromBuffer(heap.getId(r.getId()), storage.getSuperblock()));
      }
    }
    for (LinkMessage l : links) {
      if (l.getLinkType() == LinkMessage.LinkType.HARD) out.put(l.getLinkName(), l.getHardLinkAddress());
    }
    return out;
  }

  private static String nameAt(ByteBuffer names, int offset) {
    int end = offset;
    while (end < names.limit() && names.get(end) != 0) end++;
    byte[] b = new byte[end - offset];
    names.get(offset, b);
    return new String(b, StandardCharsets.US_ASCII);
  }
}
