#include "sim/site_graph.hpp"

#include <fmt/format.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <map>

#include "sim/error.hpp"

namespace wf {

namespace {
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

[[noreturn]] void fail_at(const GraphNode& n, const std::string& what) {
  throw InputError(n.file, n.line, n.field.empty() ? n.id : n.field, what);
}

// A cycle means some nodes never reach the root; name one of them.
struct CycleFound {
  std::size_t vertex;
};
struct CycleVisitor : boost::dfs_visitor<> {
  void back_edge(Graph::edge_descriptor e, const Graph& g) const {
    throw CycleFound{boost::source(e, g)};
  }
};
}  // namespace

SiteGraph SiteGraph::build(const std::vector<GraphNode>& nodes) {
  SiteGraph sg;
  const std::size_t n = nodes.size();
  std::map<std::string, int> index;
  for (std::size_t i = 0; i < n; ++i) {
    if (!index.emplace(nodes[i].id, static_cast<int>(i)).second)
      fail_at(nodes[i], "device id used twice; each device needs its own id");
    if (nodes[i].is_root) {
      if (sg.root_ >= 0)
        fail_at(nodes[i], "a site has exactly one grid connection; this is a second one");
      sg.root_ = static_cast<int>(i);
    }
  }
  if (n == 0 || sg.root_ < 0) {
    GraphNode where = n ? nodes[0] : GraphNode{};
    fail_at(where, "the site has no grid connection (a device of type 'grid')");
  }
  Graph g(n);  // edges parent -> child
  sg.parent_.assign(n, -1);
  sg.capacity_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const GraphNode& node = nodes[i];
    sg.capacity_[i] = node.capacity_w;
    if (!node.is_root && node.capacity_w < std::numeric_limits<double>::infinity())
      sg.limited_ = true;
    if (node.is_root) {
      if (!node.parent.empty())
        fail_at(node, "the grid connection cannot connect to another device");
      continue;
    }
    if (node.parent.empty())
      fail_at(node, "missing 'connect': the id of the bus this device hangs on");
    auto it = index.find(node.parent);
    if (it == index.end())
      fail_at(node,
              fmt::format("connects to '{}', which is not a device of this site", node.parent));
    const GraphNode& p = nodes[it->second];
    if (!p.is_bus && !p.is_root)
      fail_at(node,
              fmt::format("connects to '{}', which is not a bus or the grid connection", p.id));
    sg.parent_[i] = it->second;
    boost::add_edge(static_cast<std::size_t>(it->second), i, g);
  }
  try {
    std::vector<boost::default_color_type> colors(n);
    boost::depth_first_search(g, boost::visitor(CycleVisitor{})
                                     .color_map(boost::make_iterator_property_map(
                                         colors.begin(), boost::get(boost::vertex_index, g))));
  } catch (const CycleFound& c) {
    fail_at(nodes[c.vertex],
            "its connections form a loop; a site is a tree rooted at the grid connection");
  }
  std::vector<std::size_t> topo;
  boost::topological_sort(g, std::back_inserter(topo));  // reverse topological order
  for (auto it = topo.rbegin(); it != topo.rend(); ++it) sg.order_.push_back(static_cast<int>(*it));
  // With one parent each and no cycles, every node reaches the root; check anyway.
  std::vector<boost::default_color_type> seen(n, boost::white_color);
  boost::breadth_first_search(g, static_cast<std::size_t>(sg.root_),
                              boost::color_map(boost::make_iterator_property_map(
                                  seen.begin(), boost::get(boost::vertex_index, g))));
  for (std::size_t i = 0; i < n; ++i)
    if (seen[i] == boost::white_color) fail_at(nodes[i], "is not connected to the grid connection");
  return sg;
}

void SiteGraph::edge_flows(std::span<const double> injection, std::span<double> flow) const {
  for (std::size_t i = 0; i < flow.size(); ++i) flow[i] = injection[i];
  for (auto it = order_.rbegin(); it != order_.rend(); ++it)
    if (parent_[*it] >= 0) flow[parent_[*it]] += flow[*it];
}

}  // namespace wf
