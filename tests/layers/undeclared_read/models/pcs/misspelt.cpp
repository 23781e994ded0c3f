// A read of a field no table declares: check_declared_reads.py must name this line.
double rated(const wf::ConfigNode& n) {
  return n.at("ratd_power").quantity(wf::Dim::power);
}
