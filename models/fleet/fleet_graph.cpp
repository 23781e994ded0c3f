#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cmath>

#include "models/fleet/fleet.hpp"

namespace wf {

struct FleetGraph::Impl {
  struct Edge {
    double latency = 0, bandwidth = 0, eur_per_gb = 0;
  };
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property, Edge>;
  Graph g;
};

FleetGraph::FleetGraph(std::vector<std::string> sites, const std::vector<WanLink>& links)
    : sites_(std::move(sites)), impl_(std::make_unique<Impl>()) {
  impl_->g = Impl::Graph(sites_.size());
  auto index = [&](const std::string& id) {
    return static_cast<std::size_t>(std::find(sites_.begin(), sites_.end(), id) - sites_.begin());
  };
  for (const auto& l : links)
    boost::add_edge(index(l.a), index(l.b), Impl::Edge{l.latency_s, l.bandwidth_bps, l.eur_per_gb},
                    impl_->g);
}

FleetGraph::~FleetGraph() = default;
FleetGraph::FleetGraph(FleetGraph&&) noexcept = default;

FleetGraph::Path FleetGraph::path(const std::string& from, const std::string& to) const {
  const auto& g = impl_->g;
  const auto n = boost::num_vertices(g);
  const auto a =
      static_cast<std::size_t>(std::find(sites_.begin(), sites_.end(), from) - sites_.begin());
  const auto b =
      static_cast<std::size_t>(std::find(sites_.begin(), sites_.end(), to) - sites_.begin());
  Path p;
  if (a >= n || b >= n) return p;
  if (a == b) return {true, 0, INFINITY, 0, 0};
  std::vector<std::size_t> pred(n);
  std::vector<double> dist(n);
  boost::dijkstra_shortest_paths(g, a,
                                 boost::predecessor_map(pred.data())
                                     .distance_map(dist.data())
                                     .weight_map(boost::get(&Impl::Edge::latency, g)));
  if (pred[b] == b) return p;  // not reached
  p.reachable = true;
  p.bandwidth_bps = INFINITY;
  for (std::size_t v = b; v != a; v = pred[v]) {
    const auto [e, ok] = boost::edge(pred[v], v, g);
    const Impl::Edge& x = g[e];
    p.latency_s += x.latency;
    p.bandwidth_bps = std::min(p.bandwidth_bps, x.bandwidth);
    p.eur_per_gb += x.eur_per_gb;
    ++p.hops;
  }
  return p;
}

}  // namespace wf
