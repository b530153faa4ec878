#include "actors/ride_hailing/city_map.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

namespace sdsim::ride_hailing {

city_map::city_map(const City& c, std::vector<DemandBoost> boosts, double trip_median_m)
    : box_{c.min_lat(), c.max_lat(), c.min_lon(), c.max_lon()},
      spots_(c.hot_spots().begin(), c.hot_spots().end()), boosts_(std::move(boosts)),
      background_(c.background_weight()), trip_median_m_(trip_median_m) {}

double city_map::weight(std::size_t spot, core::sim_ns now) const {
  double w = spots_[spot].weight();
  const double t = core::to_s(static_cast<double>(now));
  for (const auto& b : boosts_)
    if (b.hot_spot() == spots_[spot].name() && t >= b.from_s() && t < b.from_s() + b.for_s())
      w *= b.factor();
  return w;
}

geo_point city_map::clamp(geo_point p) const {
  return {std::clamp(p.lat, box_.min_lat, box_.max_lat),
          std::clamp(p.lon, box_.min_lon, box_.max_lon)};
}

geo_point city_map::around(geo_point c, double radius_m, core::rng& r) const {
  const double d = radius_m * std::sqrt(r.uniform()), a = 2 * pi * r.uniform();
  const double m_lon = meters_per_degree_lat * std::cos(c.lat * pi / 180);
  return clamp({c.lat + d * std::sin(a) / meters_per_degree_lat, c.lon + d * std::cos(a) / m_lon});
}

geo_point city_map::source(core::sim_ns now, core::rng& r) const {
  return draw([&](std::size_t i) { return weight(i, now); }, r);
}

geo_point city_map::cruise(const std::vector<double>& pull, core::rng& r) const {
  return draw([&](std::size_t i) { return spots_[i].weight() * (i < pull.size() ? pull[i] : 1.0); },
              r);
}

template <class Weight>
geo_point city_map::draw(Weight&& weight, core::rng& r) const {
  double total = background_;
  for (std::size_t i = 0; i < spots_.size(); ++i) total += weight(i);
  double x = r.uniform() * total;
  for (std::size_t i = 0; i < spots_.size(); ++i) {
    x -= weight(i);
    if (x < 0)
      return around({spots_[i].center().lat(), spots_[i].center().lon()}, spots_[i].radius_m(), r);
  }
  return {box_.min_lat + r.uniform() * (box_.max_lat - box_.min_lat),
          box_.min_lon + r.uniform() * (box_.max_lon - box_.min_lon)};
}

geo_point city_map::destination(geo_point from, core::rng& r) const {
  // Lognormal length, sigma 0.6: most trips within 1-8 km of a 3 km median.
  const double len = trip_median_m_ * std::exp(0.6 * r.normal());
  const double a = 2 * pi * r.uniform();
  const double m_lon = meters_per_degree_lat * std::cos(from.lat * pi / 180);
  return clamp({from.lat + len * std::sin(a) / meters_per_degree_lat,
                from.lon + len * std::cos(a) / m_lon});
}

int city_map::hot_spot(const std::string& name) const {
  for (std::size_t i = 0; i < spots_.size(); ++i)
    if (spots_[i].name() == name) return static_cast<int>(i);
  return -1;
}

namespace {

class collect_first : public google::protobuf::io::ErrorCollector {
 public:
  explicit collect_first(std::string file) : file_(std::move(file)) {}
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) first_ = fmt::format("{}:{}:{}: {}", file_, line + 1, column + 1, message);
  }
  const std::string& first() const { return first_; }

 private:
  std::string file_;
  std::string first_;
};

}  // namespace

bool load_city(const std::string& data_dir, const std::string& name, City* out,
               std::string* error) {
  const std::string path = data_dir + "/cities/" + name + ".textproto";
  std::ifstream in(path);
  if (!in) {
    *error = fmt::format("no city '{}': cannot read {}", name, path);
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  google::protobuf::TextFormat::Parser parser;
  collect_first errors(path);
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text.str(), out)) {
    *error = errors.first().empty() ? path + ": cannot parse" : errors.first();
    return false;
  }
  if (auto why = check_city(*out); !why.empty()) {
    *error = path + ": " + why;
    return false;
  }
  return true;
}

std::string check_city(const City& c) {
  auto valid_lat = [](double x) { return std::isfinite(x) && x > -80 && x < 80; };
  auto valid_lon = [](double x) { return std::isfinite(x) && x > -180 && x < 180; };
  if (!valid_lat(c.min_lat()) || !valid_lat(c.max_lat()) || !valid_lon(c.min_lon()) ||
      !valid_lon(c.max_lon()) || c.min_lat() >= c.max_lat() || c.min_lon() >= c.max_lon())
    return "the box needs min_lat < max_lat within (-80, 80) and min_lon < max_lon within "
           "(-180, 180)";
  if (c.background_weight() < 0) return "background_weight must be >= 0";
  double total = c.background_weight();
  for (const auto& h : c.hot_spots()) {
    if (!geo_box{c.min_lat(), c.max_lat(), c.min_lon(), c.max_lon()}.contains(
            {h.center().lat(), h.center().lon()}))
      return fmt::format("hot spot '{}' lies outside the box", h.name());
    if (h.weight() < 0 || h.radius_m() <= 0)
      return fmt::format("hot spot '{}' needs weight >= 0 and radius_m > 0", h.name());
    total += h.weight();
  }
  if (total <= 0) return "the weights are all zero: riders would appear nowhere";
  return "";
}

}  // namespace sdsim::ride_hailing
