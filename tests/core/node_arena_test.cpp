// The node arena: objects keep their address while more are added, across growing chunks, and
// are all destroyed with the arena.
#include "engine/core/node_arena.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <new>
#include <vector>

namespace {

struct alignas(64) Tracked {
    explicit Tracked(int v, int& live) : value(v), live(&live) { ++live; }
    ~Tracked() { --*live; }
    int value;
    int* live;
};

} // namespace

TEST_CASE("arena objects stay put, are aligned, and are destroyed with the arena") {
    int live = 0;
    // Many chunks' worth.
    const int count = 100'000;
    {
        mo::Arena<Tracked> arena;
        std::vector<Tracked*> made;
        for (int i = 0; i < count; ++i) {
            auto* t = new (arena.next_slot()) Tracked(i, live);
            arena.constructed();
            made.push_back(t);
        }
        CHECK(arena.size() == static_cast<std::size_t>(count));
        CHECK(live == count);
        bool values_kept = true, aligned = true;
        for (int i = 0; i < count; ++i) {
            values_kept = values_kept && made[static_cast<std::size_t>(i)]->value == i;
            aligned =
                aligned && reinterpret_cast<std::uintptr_t>(made[static_cast<std::size_t>(i)]) %
                                   alignof(Tracked) ==
                               0;
        }
        CHECK(values_kept);
        CHECK(aligned);
    }
    CHECK(live == 0);
}

TEST_CASE("an empty arena and one with a single object") {
    int live = 0;
    { mo::Arena<Tracked> empty; }
    {
        mo::Arena<Tracked> one;
        new (one.next_slot()) Tracked(7, live);
        one.constructed();
        CHECK(live == 1);
        CHECK(one.size() == 1);
    }
    CHECK(live == 0);
}
