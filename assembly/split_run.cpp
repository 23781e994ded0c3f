#include "assembly/split_run.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "assembly/process_bytes.hpp"
#include "sim/error.hpp"
#include "sim/hdf5_reader.hpp"

namespace wf {

namespace {

struct StoredEvent {
  std::int64_t t;
  std::size_t position;  ///< the site's place in the scenario
  std::string site, kind, message;
  double value;
};

// Every event of one part file, with its site's position in the scenario.
void read_part_events(const std::filesystem::path& part,
                      const std::map<std::string, std::size_t>& position,
                      std::vector<StoredEvent>& out) {
  const H5View v(part);
  const auto t = v.int64s("/events/time");
  const auto value = v.doubles("/events/value");
  const auto site = v.strings("/events/site");
  const auto kind = v.strings("/events/kind");
  const auto message = v.strings("/events/message");
  if (value.size() != t.size() || site.size() != t.size() || kind.size() != t.size() ||
      message.size() != t.size())
    throw InternalError(
        fmt::format("split run: {}: event columns of unequal length", part.string()));
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto p = position.find(site[i]);
    out.push_back({t[i], p == position.end() ? position.size() : p->second, site[i], kind[i],
                   message[i], value[i]});
  }
}

}  // namespace

void agree_to_start(const Allgather& allgather, std::exception_ptr failed, ResultWriter* writer,
                    int rank) {
  // One byte (0 ready, 1 bad input, 2 another failure) and the message.
  std::vector<char> mine(1, 0);
  if (failed) {
    std::string what;
    try {
      std::rethrow_exception(failed);
    } catch (const InputError& e) {
      mine[0] = 1, what = e.what();
    } catch (const std::exception& e) {
      mine[0] = 2, what = e.what();
    } catch (...) {
      mine[0] = 2, what = "unknown failure";
    }
    mine.insert(mine.end(), what.begin(), what.end());
  }
  for (const auto& share : allgather(mine)) {
    if (share.empty() || share[0] == 0) continue;
    if (writer && !writer->failed()) writer->abandon();
    throw SplitRunFailed(std::string(share.begin() + 1, share.end()), share[0] == 1, rank == 0);
  }
}

std::filesystem::path part_path(const std::filesystem::path& output, int rank, int ranks) {
  std::filesystem::path p = output;
  p.replace_filename(fmt::format("{}.part{}of{}{}", output.stem().string(), rank + 1, ranks,
                                 output.extension().string()));
  return p;
}

std::vector<char> pack_share(const RunResult& r, const std::vector<std::size_t>& positions) {
  Packer p;
  p.put(r.events), p.put(r.rows), p.put(r.event_records);
  p.put(std::uint64_t(r.sites.size()));
  for (std::size_t i = 0; i < r.sites.size(); ++i) {
    p.put(std::uint64_t(positions[i]));
    p.put(r.sites[i].id);
    p.put(std::uint64_t(r.sites[i].summary.size()));
    for (const SummaryValue& v : r.sites[i].summary)
      p.put(v.name), p.put(v.units), p.put(v.description), p.put(v.value);
  }
  return std::move(p.bytes);
}

void unpack_shares(const std::vector<std::vector<char>>& shares, std::size_t sites, RunResult& r) {
  std::vector<SiteResult> all(sites);
  r.events = r.rows = r.event_records = 0;
  for (const auto& share : shares) {
    Unpacker u{share};
    r.events += u.get<std::uint64_t>();
    r.rows += u.get<std::uint64_t>();
    r.event_records += u.get<std::uint64_t>();
    const auto n = u.get<std::uint64_t>();
    for (std::uint64_t k = 0; k < n; ++k) {
      const auto at = u.get<std::uint64_t>();
      if (at >= sites) throw InternalError("split run: a share names a site beyond the scenario");
      SiteResult& s = all[at];
      s.id = u.text();
      s.summary.resize(u.get<std::uint64_t>());
      for (SummaryValue& v : s.summary) {
        v.name = u.text();
        v.units = u.text();
        v.description = u.text();
        v.value = u.get<double>();
      }
    }
  }
  // This process's own sites keep what they hold beyond the summary (channels, cash flows).
  for (SiteResult& own : r.sites)
    for (SiteResult& s : all)
      if (s.id == own.id) s = std::move(own);
  r.sites = std::move(all);
}

void join_parts(const std::filesystem::path& output, const RunMeta& meta, Time start, Time interval,
                std::size_t rows_per_chunk, const std::vector<std::string>& ids, int ranks,
                std::uint64_t rows, std::uint64_t events) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < ids.size(); ++i) position.emplace(ids[i], i);
  // The single-process order of /events: by time, then by the site's place in the
  // scenario, then as the site made them (each part is in that order already).
  std::vector<StoredEvent> all;
  for (int r = 0; r < ranks; ++r) read_part_events(part_path(output, r, ranks), position, all);
  std::stable_sort(all.begin(), all.end(), [](const StoredEvent& a, const StoredEvent& b) {
    return a.t != b.t ? a.t < b.t : a.position < b.position;
  });
  ResultWriter w(output, meta, start, interval, rows_per_chunk);
  try {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const int r = static_cast<int>(i % static_cast<std::size_t>(ranks));
      w.link_site(ids[i], part_path(output, r, ranks).filename().string(), rows);
    }
    for (const StoredEvent& e : all) w.add_event(Time::us(e.t), e.site, e.kind, e.value, e.message);
    w.add_summary("", {events_handled(events)});
    w.finish();
  } catch (...) {
    if (!w.failed()) w.abandon();
    throw;
  }
}

SummaryValue events_handled(std::uint64_t n) {
  return {"events_handled", "1", "events the engine handled", double(n)};
}

}  // namespace wf
