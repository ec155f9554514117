#include <mcp/json/arena.hpp>

#include <boost/json/monotonic_resource.hpp>

namespace mcp::json {
namespace {

// The first buffer is a member, so make_shared_resource's one allocation holds the refcount, the resource
// and the buffer. Deallocation is a no-op: a monotonic resource frees everything at once, when destroyed.
class message_arena final : public boost::json::memory_resource {
public:
    message_arena() = default;

private:
    void* do_allocate(std::size_t bytes, std::size_t align) override { return resource_.allocate(bytes, align); }
    void do_deallocate(void*, std::size_t, std::size_t) override {}
    bool do_is_equal(boost::json::memory_resource const& other) const noexcept override { return this == &other; }

    alignas(std::max_align_t) unsigned char first_[message_arena_first_block];
    boost::json::monotonic_resource resource_{first_, sizeof first_};
};

} // namespace

boost::json::storage_ptr make_message_arena() {
    return boost::json::make_shared_resource<message_arena>();
}

} // namespace mcp::json
