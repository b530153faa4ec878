// Back-of-envelope estimates: loads and checks the sizing inputs, derives each design's
// figures by the same rules, and prints them in human units.
#include "app/estimator.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/first_parse_error.hpp"
#include "app/human_units.hpp"

namespace sdsim::scenarios {
namespace {

namespace pb = google::protobuf;

constexpr double seconds_per_day = 86'400;
constexpr double days_per_month = 30;
constexpr double days_per_year = 365;

// ---- checking --------------------------------------------------------------------------

// "file:line:column" for a parse location, or just "file" when the parser recorded none.
std::string position(const std::string& file, pb::TextFormat::ParseLocation at) {
  return at.line < 0 ? file : fmt::format("{}:{}:{}", file, at.line + 1, at.column + 1);
}

// Where design `d` (or its flow `f` when f >= 0) was written.
std::string where(const std::string& file, const pb::TextFormat::ParseInfoTree& tree, int d,
                  int f) {
  const auto* design_field = Scales::descriptor()->FindFieldByNumber(Scales::kDesignFieldNumber);
  const auto* flow_field =
      DesignScale::descriptor()->FindFieldByNumber(DesignScale::kFlowFieldNumber);
  const auto* nested = tree.GetTreeForNested(design_field, d);
  return position(file, f >= 0 && nested ? nested->GetLocation(flow_field, f)
                                         : tree.GetLocation(design_field, d));
}

// The first number, at any depth, that is negative or not finite, with where it was written.
// Reflection keeps this in step with scales.proto as fields are added.
std::optional<std::pair<std::string, pb::TextFormat::ParseLocation>> bad_number(
    const pb::Message& m, const pb::TextFormat::ParseInfoTree* tree) {
  const auto* reflection = m.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE && !f->is_repeated()) {
      const double v = reflection->GetDouble(m, f);
      if (std::isfinite(v) && v >= 0) continue;
      return std::pair{f->name(),
                       tree ? tree->GetLocation(f, -1) : pb::TextFormat::ParseLocation{}};
    }
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const int n = f->is_repeated() ? reflection->FieldSize(m, f) : 1;
    for (int i = 0; i < n; ++i) {
      const int index = f->is_repeated() ? i : -1;  // the parse tree indexes singulars as -1
      const auto& sub =
          f->is_repeated() ? reflection->GetRepeatedMessage(m, f, i) : reflection->GetMessage(m, f);
      if (auto bad = bad_number(sub, tree ? tree->GetTreeForNested(f, index) : nullptr)) return bad;
    }
  }
  return std::nullopt;
}

// What is wrong with one flow beyond its numbers, or "" when nothing is.
std::string flow_problem(const DesignScale& design, int f) {
  const ScaleFlow& flow = design.flow(f);
  if (flow.name().empty()) return "a flow has no name";
  bool shared_is_earlier = false;
  for (int g = 0; g < f; ++g) {
    if (design.flow(g).name() == flow.name())
      return fmt::format("flow '{}' appears twice", flow.name());
    shared_is_earlier = shared_is_earlier || design.flow(g).name() == flow.share_of().flow();
  }
  const std::string who = fmt::format("flow '{}'", flow.name());
  switch (flow.rate_case()) {
    case ScaleFlow::RATE_NOT_SET:
      return who + ": needs one of per_user_per_day, per_day, per_month, share_of";
    case ScaleFlow::kPerUserPerDay:
      return design.dau() > 0 ? "" : who + ": is given per user, but the design has no dau";
    case ScaleFlow::kShareOf:
      if (!shared_is_earlier) {
        return fmt::format("{}: shares '{}', which is not an earlier flow of the design", who,
                           flow.share_of().flow());
      }
      if (flow.share_of().amount_case() == Share::AMOUNT_NOT_SET ||
          (flow.share_of().has_one_in() && flow.share_of().one_in() == 0)) {
        return who + ": share_of needs a fraction, or a one_in above 0";
      }
      return "";
    default:
      return "";
  }
}

// Establishes the class invariants; returns "" or the first problem with its position.
std::string check(const Scales& scales, const pb::TextFormat::ParseInfoTree& tree,
                  const std::string& file) {
  if (auto bad = bad_number(scales, &tree)) {
    return fmt::format("{}: {} must be a finite number >= 0", position(file, bad->second),
                       bad->first);
  }
  std::set<std::string> names;
  for (int d = 0; d < scales.design_size(); ++d) {
    const DesignScale& design = scales.design(d);
    const auto at = where(file, tree, d, -1);
    if (design.name().empty()) return at + ": a design has no name";
    if (!names.insert(design.name()).second) {
      return fmt::format("{}: design '{}' appears twice", at, design.name());
    }
    if (design.cache_fraction() > 1) {
      return fmt::format("{}: design '{}': cache_fraction is above 1", at, design.name());
    }
    for (int f = 0; f < design.flow_size(); ++f) {
      if (auto p = flow_problem(design, f); !p.empty()) {
        return fmt::format("{}: design '{}': {}", where(file, tree, d, f), design.name(), p);
      }
    }
  }
  return "";
}

std::string spaced(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// ---- arithmetic --------------------------------------------------------------------------

// One flow with its daily volume worked out.
struct flow_volume {
  const ScaleFlow* flow;
  double per_day;
  std::string how;
};

flow_volume volume_of(const ScaleFlow& flow, const DesignScale& design,
                      const std::vector<flow_volume>& earlier) {
  switch (flow.rate_case()) {
    case ScaleFlow::kPerUserPerDay:
      return {&flow, design.dau() * flow.per_user_per_day(),
              fmt::format("{} DAU × {} per user", count(design.dau()),
                          short_number(flow.per_user_per_day()))};
    case ScaleFlow::kPerMonth:
      return {&flow, flow.per_month() / days_per_month,
              fmt::format("{}/month ÷ 30 days", count(flow.per_month()))};
    case ScaleFlow::kShareOf: {
      const Share& share = flow.share_of();
      // The checker guarantees the base flow is earlier, so the search cannot fail.
      const auto base = std::find_if(earlier.begin(), earlier.end(), [&](const flow_volume& v) {
        return v.flow->name() == share.flow();
      });
      const std::string base_text =
          fmt::format("{} ({}/day)", spaced(share.flow()), count(base->per_day));
      if (share.amount_case() == Share::kOneIn) {
        return {&flow, base->per_day / share.one_in(),
                fmt::format("{} ÷ {}", base_text, short_number(share.one_in()))};
      }
      return {&flow, base->per_day * share.fraction(),
              fmt::format("{} of {}", percent(share.fraction()), base_text)};
    }
    default:
      return {&flow, flow.per_day(), "given"};
  }
}

void add_row(design_estimate& out, std::string name, std::string label, double value,
             std::string unit, std::string how) {
  out.rows.push_back({std::move(name), std::move(label), value, std::move(unit), std::move(how)});
}

// Requests: one rate per flow, and the total over the flows that are requests of their own.
void add_rate_rows(const std::vector<flow_volume>& flows, design_estimate& out) {
  std::vector<std::string> request_terms;
  double requests_per_s = 0;
  for (const auto& v : flows) {
    const double per_s = v.per_day / seconds_per_day;
    add_row(out, v.flow->name() + "_per_s", spaced(v.flow->name()) + " per second", per_s,
            "events/s", fmt::format("{}/day ÷ 86,400 s", count(v.per_day)));
    if (v.flow->counts_as_request()) {
      requests_per_s += per_s;
      request_terms.push_back(fmt::format("{} {}/s", spaced(v.flow->name()), count(per_s)));
    }
  }
  if (request_terms.empty()) return;
  add_row(out, "requests_per_s", "requests per second", requests_per_s, "events/s",
          fmt::format("{}", fmt::join(request_terms, " + ")));
}

// Storage: per stored flow when there are several, the daily total with its copies, and what
// the retention period adds up to.
void add_storage_rows(const DesignScale& design, const std::vector<flow_volume>& flows,
                      design_estimate& out) {
  std::vector<const flow_volume*> stored;
  for (const auto& v : flows) {
    if (v.flow->stored() && v.flow->bytes_per_event() > 0) stored.push_back(&v);
  }
  if (stored.empty()) return;
  double bytes_day = 0;
  double records_day = 0;
  std::vector<std::string> terms;
  for (const auto* v : stored) {
    const double b = v->per_day * v->flow->bytes_per_event();
    const auto how =
        fmt::format("{}/day × {}", count(v->per_day), bytes(v->flow->bytes_per_event()));
    bytes_day += b;
    records_day += v->per_day;
    if (stored.size() == 1) {
      terms.push_back(how);
      continue;
    }
    add_row(out, v->flow->name() + "_storage_per_day",
            fmt::format("storage per day ({})", spaced(v->flow->name())), b, "B/day", how);
    terms.push_back(fmt::format("{} {}", spaced(v->flow->name()), bytes(b)));
  }
  auto how = fmt::format("{}", fmt::join(terms, " + "));
  if (design.replication() > 0 && design.replication() != 1) {
    how = fmt::format("({}) × {} copies", how, short_number(design.replication()));
    bytes_day *= design.replication();
  }
  add_row(out, "storage_per_day", "storage per day", bytes_day, "B/day", how);
  if (design.retention_years() <= 0) return;
  const auto years = short_number(design.retention_years());
  const double days = days_per_year * design.retention_years();
  add_row(out, "records_retained", fmt::format("records over {} years", years), records_day * days,
          "records", fmt::format("{}/day × 365 × {} years", count(records_day), years));
  add_row(out, "storage_retained", fmt::format("storage over {} years", years), bytes_day * days,
          "B", fmt::format("{}/day × 365 × {} years", bytes(bytes_day), years));
}

// Sum of events/day × bytes over the flows `pick` selects, and the names of those flows.
template <typename Pick>
std::pair<double, std::vector<std::string>> daily_bytes(const std::vector<flow_volume>& flows,
                                                        Pick pick) {
  double total = 0;
  std::vector<std::string> names;
  for (const auto& v : flows) {
    if (!pick(*v.flow) || v.flow->bytes_per_event() <= 0) continue;
    total += v.per_day * v.flow->bytes_per_event();
    names.push_back(spaced(v.flow->name()));
  }
  return {total, names};
}

// Bandwidth each way: the day's bytes spread evenly over the day (no peak factor).
void add_bandwidth_rows(const std::vector<flow_volume>& flows, design_estimate& out) {
  const struct {
    ScaleFlow::Direction direction;
    const char* name;
    const char* label;
  } ways[] = {{ScaleFlow::INGRESS, "bandwidth_in", "bandwidth in"},
              {ScaleFlow::EGRESS, "bandwidth_out", "bandwidth out"}};
  for (const auto& way : ways) {
    const auto [b, names] =
        daily_bytes(flows, [&](const ScaleFlow& f) { return f.direction() == way.direction; });
    if (names.empty()) continue;
    add_row(out, way.name, way.label, b / seconds_per_day, "B/s",
            fmt::format("{}/day ÷ 86,400 s ({})", bytes(b), fmt::join(names, " + ")));
  }
}

// Cache: a fixed share of one day's bytes of the cached flows, held in memory.
void add_cache_row(const DesignScale& design, const std::vector<flow_volume>& flows,
                   design_estimate& out) {
  if (design.cache_fraction() <= 0) return;
  const auto [b, names] = daily_bytes(flows, [](const ScaleFlow& f) { return f.cached(); });
  if (names.empty()) return;
  add_row(out, "cache_memory", "cache memory", design.cache_fraction() * b, "B",
          fmt::format("{} of {}/day ({})", percent(design.cache_fraction()), bytes(b),
                      fmt::join(names, " + ")));
}

}  // namespace

const estimate_row* design_estimate::find(std::string_view name) const {
  for (const auto& row : rows) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

std::optional<estimator> estimator::load(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = fmt::format("{}: cannot open", path);
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path, error);
}

std::optional<estimator> estimator::parse(const std::string& text, const std::string& file_name,
                                          std::string* error) {
  first_parse_error errors(file_name, text);
  pb::TextFormat::ParseInfoTree tree;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  Scales scales;
  if (!parser.ParseFromString(text, &scales)) {
    *error = errors.first().empty() ? file_name + ": cannot parse" : errors.first();
    return std::nullopt;
  }
  if (auto problem = check(scales, tree, file_name); !problem.empty()) {
    *error = problem;
    return std::nullopt;
  }
  return estimator(std::move(scales));
}

std::vector<std::string> estimator::design_names() const {
  std::vector<std::string> names;
  for (const auto& d : scales_.design()) names.push_back(d.name());
  return names;
}

std::optional<design_estimate> estimator::estimate(std::string_view design) const {
  for (const auto& d : scales_.design()) {
    if (d.name() == design) return compute(d);
  }
  return std::nullopt;
}

std::vector<design_estimate> estimator::estimate_all() const {
  std::vector<design_estimate> all;
  for (const auto& d : scales_.design()) all.push_back(compute(d));
  return all;
}

design_estimate estimator::compute(const DesignScale& design) {
  design_estimate out{design.name(), design.title(), design.source(), {}};
  if (design.dau() > 0) add_row(out, "dau", "daily active users", design.dau(), "users", "given");
  for (const auto& p : design.population()) {
    add_row(out, p.name(), spaced(p.name()), p.count(), "users", "given");
  }
  std::vector<flow_volume> flows;
  for (const auto& flow : design.flow()) flows.push_back(volume_of(flow, design, flows));
  for (const auto& v : flows) {
    add_row(out, v.flow->name() + "_per_day", spaced(v.flow->name()) + " per day", v.per_day,
            "events/day", v.how);
  }
  add_rate_rows(flows, out);
  add_storage_rows(design, flows, out);
  add_bandwidth_rows(flows, out);
  add_cache_row(design, flows, out);
  return out;
}

std::optional<std::vector<design_estimate>> estimate_all(const std::string& scales_path,
                                                         std::string* error) {
  auto est = estimator::load(scales_path, error);
  if (!est) return std::nullopt;
  return est->estimate_all();
}

std::string render(const design_estimate& estimate) {
  size_t label_width = std::string_view("figure").size();
  size_t value_width = std::string_view("estimate").size();
  std::vector<std::string> values;
  for (const auto& row : estimate.rows) {
    values.push_back(human(row.value, row.unit));
    label_width = std::max(label_width, row.label.size());
    value_width = std::max(value_width, values.back().size());
  }
  std::string text = fmt::format("{} [{}]\n", estimate.title, estimate.design);
  text +=
      fmt::format("  {:<{}}  {:>{}}  {}\n", "figure", label_width, "estimate", value_width, "how");
  for (size_t i = 0; i < estimate.rows.size(); ++i) {
    text += fmt::format("  {:<{}}  {:>{}}  {}\n", estimate.rows[i].label, label_width, values[i],
                        value_width, estimate.rows[i].how);
  }
  if (!estimate.source.empty()) text += fmt::format("  source: {}\n", estimate.source);
  return text;
}

int run_estimate(const std::string& design_or_empty, const std::string& scales_path,
                 std::ostream& out, std::ostream& err) {
  std::string error;
  const auto est = estimator::load(scales_path, &error);
  if (!est) {
    err << "sdsim estimate: " << error << '\n';
    return 2;
  }
  if (design_or_empty.empty()) {
    const auto all = est->estimate_all();
    for (size_t i = 0; i < all.size(); ++i) out << (i > 0 ? "\n" : "") << render(all[i]);
    return 0;
  }
  const auto one = est->estimate(design_or_empty);
  if (!one) {
    err << fmt::format("sdsim estimate: unknown design '{}'; known designs: {}\n", design_or_empty,
                       fmt::join(est->design_names(), ", "));
    return 2;
  }
  out << render(*one);
  return 0;
}

}  // namespace sdsim::scenarios
