// A consistent-hash ring with weighted virtual nodes: which node owns a key, and which
// distinct nodes follow it clockwise for replicas. Same answers on every platform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sdsim::core {

/// Maps keys to nodes. Node `name` with weight w has vnodes at
/// hash_combine(hash64(name), hash64(i)) for i in [0, w); a key belongs to the first vnode at
/// or after hash64(key), wrapping around.
///
/// Invariants:
/// (1) `points_` is sorted by (point, node name) and holds exactly weights_[i] entries for
///     each node index i, so the answer does not depend on the order nodes were added.
/// (2) Node names are unique and non-empty; every node has at least one vnode.
/// (3) `nodes_` and `weights_` have the same length; a vnode's `node` indexes both.
///
/// Thread-safety: none. Const methods may run concurrently with each other only.
class hash_ring {
 public:
  /// The empty ring: owner() answers the empty string and owners() an empty list.
  hash_ring() = default;

  /// Adds `node` with `weight_vnodes` virtual nodes. False (and no change) if the name is
  /// empty, already present, or the weight is 0.
  bool add(std::string node, uint32_t weight_vnodes);

  /// Removes `node` and its vnodes; its keys fall to the next vnode clockwise. False if absent.
  bool remove(std::string_view node);

  /// The node owning `key`. On an empty ring, the empty string (no node can be named ""),
  /// so callers test `.empty()` rather than relying on an assert that Release builds drop.
  /// The reference is valid until the next add() or remove().
  const std::string& owner(std::string_view key) const;

  /// Up to `n` distinct nodes for `key`, walking clockwise from its position: the first is
  /// owner(key). Fewer than `n` when the ring has fewer nodes; empty on an empty ring.
  std::vector<std::string> owners(std::string_view key, std::size_t n) const;

  /// Number of (physical) nodes.
  std::size_t size() const { return nodes_.size(); }

  /// True when the ring has no node.
  bool empty() const { return nodes_.empty(); }

  /// Total number of virtual nodes.
  std::size_t vnode_count() const { return points_.size(); }

  /// True when `node` is on the ring.
  bool contains(std::string_view node) const;

  /// Node names, in the order they were added (removals keep the others' order).
  const std::vector<std::string>& nodes() const { return nodes_; }

 private:
  struct vnode {
    uint64_t point;
    uint32_t node;  // index into nodes_
  };

  /// Index of the first vnode at or after hash64(key), wrapping; points_ must be non-empty.
  std::size_t first_vnode(std::string_view key) const;

  void sort_points();

  std::vector<std::string> nodes_;
  std::vector<uint32_t> weights_;
  std::vector<vnode> points_;
};

}  // namespace sdsim::core
