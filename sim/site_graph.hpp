#pragma once
// A site as a graph of devices: the grid connection at the root, buses inside,
// devices at the leaves; each edge (device -> the bus it hangs on) may carry a
// capacity. Validated once at load; Boost.Graph stays inside the source file.
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace wf {

struct GraphNode {
  std::string id;
  bool is_root = false;  ///< the grid connection
  bool is_bus = false;   ///< may have children
  std::string parent;    ///< id of the bus or root it connects to; empty for the root
  double capacity_w = std::numeric_limits<double>::infinity();  ///< limit on the edge to the parent
  std::string file;  ///< where it was declared, for messages
  int line = 0;
  std::string field;
};

class SiteGraph {
 public:
  /// Checks: one root; every parent exists and is a bus or the root; no cycles;
  /// every node reachable from the root. Throws InputError at the offending node.
  static SiteGraph build(const std::vector<GraphNode>& nodes);

  std::size_t size() const { return parent_.size(); }
  int root() const { return root_; }
  int parent(int v) const { return parent_[v]; }
  double capacity(int v) const { return capacity_[v]; }
  /// Whether any edge below the root has a finite capacity (else flows need no check).
  bool limited() const { return limited_; }
  /// Parents before children (root first).
  const std::vector<int>& order() const { return order_; }

  /// flow[v] = power pushed from v up its edge to the parent: its own injection plus
  /// its children's flows (leaves first). flow[root] is what the grid delivers when
  /// injections are given with loads negative.
  void edge_flows(std::span<const double> injection, std::span<double> flow) const;

 private:
  std::vector<int> parent_;
  std::vector<double> capacity_;
  std::vector<int> order_;
  int root_ = -1;
  bool limited_ = false;
};

}  // namespace wf
