#include "assembly/lifetime.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "assembly/site_builder.hpp"
#include "models/grid/bill.hpp"
#include "sim/calendar.hpp"
#include "sim/engine.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {

constexpr double kJPerKWh = 3.6e6;

void add_bill(YearFigures& y, const BillItems& b) {
  y.energy_eur += b.energy;
  y.network_eur += b.network_energy + b.demand + b.fixed;
  y.taxes_eur += b.taxes;
  y.vat_eur += b.vat;
  y.feed_in_eur += b.feed_in;
  y.import_kwh += b.import_kwh;
}

// The bill's local calendar years as the life's years. A zone a little off the
// scenario's start (Helsinki's 01:00 on 1 January when the scenario starts at
// midnight in Berlin) makes a stub of an hour at one end: it joins its neighbour.
void add_bills(const Bill& bill, int years, const Scenario& s, const std::string& site,
               std::vector<YearFigures>& out) {
  std::vector<YearBill> y = bill.years;
  if (y.size() == std::size_t(years) + 1) {
    const bool stub_first = y.front().metered_fraction < y.back().metered_fraction;
    auto stub = stub_first ? y.begin() : y.end() - 1;
    auto into = stub_first ? stub + 1 : stub - 1;
    if (stub->metered_fraction < 0.01) {  // hours, not months: a zone's offset
      into->items += stub->items;
      into->metered_fraction += stub->metered_fraction;
      y.erase(stub);
    }
  }
  const bool whole =
      y.size() == std::size_t(years) && std::all_of(y.begin(), y.end(), [](const YearBill& b) {
        return b.metered_fraction > 0.99 && b.metered_fraction < 1.01;
      });
  if (!whole)
    s.economics->fail(fmt::format(
        "the life is counted in the local calendar years of each site's tariff, and site '{}' "
        "does not start at the start of one (scenario start {}); start the scenario on 1 January "
        "at 00:00 in the site's time zone",
        site, format_utc(s.start)));
  for (std::size_t i = 0; i < y.size(); ++i) {
    out[i].calendar_year = y[i].year;
    add_bill(out[i], y[i].items);
  }
}

}  // namespace

std::vector<SiteLife> simulate_life(const Scenario& scenario, const AppraisalParams& p,
                                    bool with_storage, const std::function<void(double)>& progress,
                                    const Registry* registry, const std::vector<bool>* keep) {
  const int years = static_cast<int>(p.years);
  Scenario s = scenario;
  s.end = add_years(s.start, years);
  // The life writes no rows: its figures are whole-run integrals, which do not
  // depend on the row length. Daily rows keep a 1 s output_interval from costing
  // the life 86,400 row closes a day.
  s.output_interval = Time::days(1);
  auto sites = build_sites(s, nullptr, with_storage, registry, keep);
  for (auto& site : sites) site->record_totals_only();
  std::vector<SiteLife> lives(sites.size());
  std::vector<Site::Running> before(sites.size());
  for (std::size_t i = 0; i < sites.size(); ++i) {
    lives[i].id = sites[i]->id();
    lives[i].years.resize(std::size_t(years));
    const Site::Totals t = sites[i]->totals();
    lives[i].size = {.energy_kwh = t.nameplate_j / kJPerKWh,
                     .power_kw = sites[i]->storage_rated_power_w() / 1e3};
  }
  Engine engine(s.start, s.seed);
  for (auto& site : sites) site->start(engine);
  for (int k = 1; k <= years; ++k) {
    engine.run_until(k == years ? s.end : add_years(s.start, k));
    for (std::size_t i = 0; i < sites.size(); ++i) {
      const Site::Running now = sites[i]->running();
      YearFigures& y = lives[i].years[std::size_t(k - 1)];
      y.charge_kwh = (now.charge_j - before[i].charge_j) / kJPerKWh;
      y.discharge_kwh = (now.discharge_j - before[i].discharge_j) / kJPerKWh;
      y.lost_node_hours = now.lost_node_hours - before[i].lost_node_hours;
      y.revenue_eur = now.revenue_eur - before[i].revenue_eur;
      y.soh_end = now.soh;
      y.end_of_life = now.soh <= p.end_of_life_soh;
      y.replaced = y.end_of_life && k < years;
      if (y.replaced) sites[i]->replace_cells();
      before[i] = now;
    }
    if (progress) progress(double(k) / years);
  }
  for (std::size_t i = 0; i < sites.size(); ++i) {
    sites[i]->finish(s.end);
    const Site::Totals t = sites[i]->totals();
    if (!t.bill) throw InternalError("lifetime: a site without a tariff");
    add_bills(*t.bill, years, s, lives[i].id, lives[i].years);
  }
  return lives;
}

std::vector<Appraisal> appraise_lives(const std::vector<SiteLife>& with,
                                      const std::vector<SiteLife>& without,
                                      const AppraisalParams& p) {
  std::vector<Appraisal> out;
  for (std::size_t i = 0; i < with.size(); ++i)
    out.push_back(appraise(p, with[i].size, with[i].years, without[i].years));
  return out;
}

}  // namespace wf
