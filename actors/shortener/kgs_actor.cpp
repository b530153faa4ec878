// A thin shell over key_range_allocator and counter, behind a capacity model: under the
// COUNTER strategy every create waits on this one service, which is the point of the what-if.
// What it handed out is one row (kgs_state), committed (and on its copies) before it answers;
// COUNTER ids are reserved a block at a time, so a KGS that comes back skips the rest of its
// last block rather than hand an id out twice.
#include "actors/shortener/kgs_actor.hpp"

#include <algorithm>
#include <stdexcept>

#include <caf/actor_system.hpp>
#include <caf/response_promise.hpp>
#include <caf/sec.hpp>

#include "actors/cluster/held_answers.hpp"
#include "actors/cluster/replica.hpp"
#include "actors/cluster/replicated_tables.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/service_actor.hpp"
#include "actors/shortener/key_generator.hpp"
#include "actors/shortener/messages.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS kgs_state (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  ids_in_ranges INTEGER NOT NULL,
  ids_reserved INTEGER NOT NULL);
)sql";

constexpr uint64_t id_block = 1'000;   // COUNTER ids reserved per commit

class kgs_actor : public service_actor, private cluster::tables_state {
 public:
  kgs_actor(caf::actor_config& cfg, std::shared_ptr<const kgs_params> p)
      : service_actor(cfg, {"shortener/kgs", 0, "shortener/kgs"}, p->capacity, p->basics),
        p_(std::move(p)), ranges_(p_->range_size),
        replica_(this, *this, cluster::identity_of(0, p_->replica, p_->replicas, p_->rejoin),
                 clock()),
        held_(replica_, p_->replicas) {
    std::string error;
    store_ = sqlite_store::open(p_->db_path, schema, &error);
    if (store_) tables_ = cluster::replicated_tables::open(*store_, {"kgs_state"}, &error);
    if (!tables_) throw std::runtime_error("shortener/kgs: " + error);
    held_.set_tables(tables_.get());
    set_down_handler([this](const caf::down_msg& dm) { replica_.on_down(dm.source); });
    if (replica_.leading()) load();
  }

  caf::behavior make_behavior() override {
    return with_common(caf::message_handler{
        [this](range_atom) {
          auto rp = make_response_promise<uint64_t, uint64_t>();
          if (!replica_.leading()) {
            rp.deliver(not_primary());
            return rp;
          }
          after_service([this, rp]() mutable {
            const auto r = ranges_.allocate();
            if (r && !save()) {
              rp.deliver(not_recorded());
              return;
            }
            held_.answer([rp, r]() mutable {
              rp.deliver(r ? r->first : uint64_t{0}, r ? r->count : uint64_t{0});
            });
            held_.flush();
          });
          return rp;
        },
        [this](next_id_atom) {
          auto rp = make_response_promise<uint64_t>();
          if (!replica_.leading()) {
            rp.deliver(not_primary());
            return rp;
          }
          after_service([this, rp]() mutable {
            if (next_id_ == reserved_) {
              reserved_ += id_block;
              if (!save()) {
                rp.deliver(not_recorded());
                return;
              }
            }
            held_.answer([rp, id = next_id_++]() mutable { rp.deliver(id); });
            held_.flush();
          });
          return rp;
        },
        [](start_atom) {},  // a copy's group starts what it brings back: no timers here
    }.or_else(replica_.handlers()));
  }

 protected:
  void on_exit() override {
    service_actor::on_exit();
    replica_.clear();
  }

 private:
  static caf::error not_primary() {
    return caf::make_error(caf::sec::request_receiver_down, "not the KGS's primary copy");
  }
  static caf::error not_recorded() {
    return caf::make_error(caf::sec::runtime_error, "the KGS could not record what it hands out");
  }

  // No queue limit is set for the KGS: never refuse a key.
  void after_service(const std::function<void()>& work) { serve(work, work); }

  // What the file says was handed out: a copy that becomes primary goes on from there.
  void load() {
    uint64_t used = 0, reserved = 1;
    store_->query("SELECT ids_in_ranges, ids_reserved FROM kgs_state WHERE id = 0", {},
                  [&](const sql_row& r) {
                    used = static_cast<uint64_t>(r.integer(0));
                    reserved = std::max<uint64_t>(1, static_cast<uint64_t>(r.integer(1)));
                  });
    ranges_ = key_range_allocator(p_->range_size, key_space, std::min(used, key_space));
    next_id_ = reserved_ = reserved;
  }
  void on_lead() override { load(); }

  bool save() {
    const bool ok = store_->query("INSERT OR REPLACE INTO kgs_state VALUES (0, ?, ?)",
                                  {ranges_.used(), reserved_}).ok();
    if (ok) held_.touch(0, {int64_t{0}});
    return ok;
  }

  std::shared_ptr<const kgs_params> p_;
  std::unique_ptr<sqlite_store> store_;
  key_range_allocator ranges_;
  uint64_t next_id_ = 1;
  uint64_t reserved_ = 1;   // ids below it are handed out or reserved
  cluster::replica replica_;
  cluster::held_answers held_;
};

}  // namespace

caf::actor spawn_kgs(caf::actor_system& sys, std::shared_ptr<const kgs_params> p) {
  return sys.spawn<kgs_actor>(std::move(p));
}

}  // namespace sdsim::shortener
